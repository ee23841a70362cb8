"""A teacher's election pages: create, choose candidates, open, print the slips,
close, publish.

Every election in a URL is looked up through ``elections_managed_by``, so another
school's election (or a colleague's) is not found (404); the services check the
same rules again on every write.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from school_councils import selectors as school_selectors
from school_councils.views.access import add_service_error, secret, staff_page
from simulations import pdf, selectors, services
from simulations.forms import CandidatesForm, ElectionForm
from simulations.models import Candidacy, ElectionState
from simulations.services.rules import LIST_METHODS

ELECTION_ERROR_FIELDS = {
    "title": "title",
    "seats": "seats",
    "closes_before_opening": "closes_at",
    "embargo": "results_not_before",
}


def _election(request, pk):
    return get_object_or_404(selectors.elections_managed_by(request.user), pk=pk)


def _candidacy(request, pk):
    managed = selectors.elections_managed_by(request.user)
    return get_object_or_404(
        Candidacy.objects.select_related("contest__election", "pupil"),
        pk=pk,
        contest__election__in=managed,
    )


@staff_page
def election_list(request):
    """The elections the user runs, newest first."""
    elections = selectors.elections_managed_by(request.user).order_by("-created_at")
    return render(request, "simulations/election_list.html", {"elections": elections})


@staff_page
def election_create(request):
    """A class representative or a student council for the teacher's classes."""
    classrooms = school_selectors.classrooms_for_user(request.user).order_by(
        "school__name", "-school_year", "grade", "name"
    )
    form = ElectionForm(request.POST or None, classrooms=classrooms)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            election = services.election_create(
                by=request.user, school=data["classrooms"][0].school, **data
            )
        except ValidationError as error:
            add_service_error(form, error, ELECTION_ERROR_FIELDS)
        else:
            messages.success(request, _("Election created: now choose the candidates."))
            return redirect("election_candidates", pk=election.pk)
    return render(
        request,
        "simulations/election_form.html",
        {"form": form, "has_classes": classrooms.exists()},
    )


@staff_page
def election_detail(request, pk):
    """State, contests, candidates, the classes that vote and the turnout."""
    election = _election(request, pk)
    turnout = selectors.election_turnout(election)
    classrooms = [
        {"classroom": c, "voted": turnout.by_classroom.get(c.pk, 0)}
        for c in selectors.electorate_classrooms(election)
    ]
    return render(
        request,
        "simulations/election_detail.html",
        {
            "election": election,
            "contests": election.contests.prefetch_related(
                "options__candidates", "candidacies__pupil__classroom"
            ),
            "classrooms": classrooms,
            "turnout": turnout,
            "is_draft": election.state == ElectionState.DRAFT,
            "prints_slips": election.access == "codes"
            and election.state in (ElectionState.DRAFT, ElectionState.OPEN),
        },
    )


def _contest_for_candidates(request, election):
    contests = [c for c in election.contests.all() if c.method not in LIST_METHODS]
    wanted = request.GET.get("contest", "")
    chosen = next((c for c in contests if str(c.pk) == wanted), None)
    return chosen or (contests[0] if contests else None), contests


@staff_page
def election_candidates(request, pk):
    """Puts pupils of the electorate on the ballot: each stands and is approved."""
    election = _election(request, pk)
    contest, contests = _contest_for_candidates(request, election)
    if contest is None:
        return redirect("election_detail", pk=election.pk)
    standing = contest.candidacies.values("pupil")
    pupils = (
        selectors.contest_voters(contest)
        .exclude(pk__in=standing)
        .select_related("classroom")
        .order_by("classroom__name", "pseudonym")
    )
    form = CandidatesForm(request.POST or None, pupils=pupils)
    if request.method == "POST" and form.is_valid():
        try:
            added = _stand_and_approve(
                request.user, contest, form.cleaned_data["pupils"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d candidate is on the ballot.",
                    "%(count)d candidates are on the ballot.",
                    added,
                )
                % {"count": added},
            )
            return redirect(f"{request.path}?contest={contest.pk}")
    return render(
        request,
        "simulations/election_candidates.html",
        {
            "election": election,
            "contest": contest,
            "contests": contests,
            "candidacies": contest.candidacies.select_related("pupil__classroom"),
            "form": form,
            "is_draft": election.state == ElectionState.DRAFT,
        },
    )


@transaction.atomic
def _stand_and_approve(user, contest, pupils) -> int:
    for pupil in pupils:
        candidacy = services.candidacy_submit(by=user, contest=contest, pupil=pupil)
        services.candidacy_approve(by=user, candidacy=candidacy)
    return len(pupils)


def _candidacy_action(request, pk, *, service, template, done):
    candidacy = _candidacy(request, pk)
    election = candidacy.contest.election
    page = reverse("election_candidates", args=[election.pk])
    back = f"{page}?contest={candidacy.contest_id}"
    if request.method == "POST":
        try:
            service(by=request.user, candidacy=candidacy)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done % {"name": candidacy.pupil.pseudonym})
        return redirect(back)
    return render(
        request, template, {"candidacy": candidacy, "election": election, "back": back}
    )


@staff_page
def candidacy_approve(request, pk):
    return _candidacy_action(
        request,
        pk,
        service=services.candidacy_approve,
        template="simulations/candidacy_approve.html",
        done=_("%(name)s is on the ballot."),
    )


@staff_page
def candidacy_withdraw(request, pk):
    return _candidacy_action(
        request,
        pk,
        service=services.candidacy_withdraw,
        template="simulations/candidacy_withdraw.html",
        done=_("%(name)s no longer stands."),
    )


def _state_change(request, pk, *, service, action, done):
    """GET asks for confirmation; POST calls the service and goes back."""
    election = _election(request, pk)
    if request.method == "POST":
        try:
            service(by=request.user, election=election)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect("election_detail", pk=election.pk)
    return render(
        request,
        "simulations/election_confirm.html",
        {"election": election, "action": action},
    )


@staff_page
def election_open(request, pk):
    return _state_change(
        request,
        pk,
        service=services.election_open,
        action="open",
        done=_("Voting is open. The rules can no longer change."),
    )


@staff_page
def election_close(request, pk):
    return _state_change(
        request,
        pk,
        service=services.election_close,
        action="close",
        done=_("Voting is closed. You can see the results now."),
    )


@staff_page
def election_publish(request, pk):
    return _state_change(
        request,
        pk,
        service=services.election_publish,
        action="publish",
        done=_("The results are published."),
    )


@staff_page
def election_slips(request, pk, classroom_pk):
    """Prints a class's voting slips; printing voids the class's unused slips."""
    election = _election(request, pk)
    classroom = get_object_or_404(
        selectors.electorate_classrooms(election), pk=classroom_pk
    )
    if request.method == "POST":
        try:
            with transaction.atomic():
                issued = services.voting_codes_issue(
                    by=request.user, election=election, classroom=classroom
                )
                return _slips_response(request, election, classroom, issued)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("election_detail", pk=election.pk)
    return render(
        request,
        "simulations/election_slips.html",
        {
            "election": election,
            "classroom": classroom,
            "pupil_count": classroom.pupils.count(),
        },
    )


def _slips_response(request, election, classroom, issued):
    document = pdf.slips_pdf(
        election=election,
        classroom=classroom,
        issued=issued,
        vote_url=request.build_absolute_uri(reverse("vote")),
    )
    filename = slugify(f"{election.title} {classroom.name}") or "slips"
    response = HttpResponse(document, content_type="application/pdf")
    # A download, not a page: reloading must never print (and so void) the slips
    # a second time.
    response["Content-Disposition"] = f'attachment; filename="slips-{filename}.pdf"'
    return secret(response)
