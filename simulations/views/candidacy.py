"""Candidacies: a signed-in pupil stands in an election of their class or school
with a short manifesto, follows its status and may withdraw it while it waits;
a teacher may refuse one, saying why.

A pupil reaches only contests on their own ballot in draft elections
(``contests_open_for_candidacy``) and only their own candidacies, so anything
else is a 404. The teacher's page finds candidacies through the elections they
run.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from school_councils.views.access import add_service_error, pupil_page, staff_page
from simulations import selectors
from simulations.forms import ManifestoForm, RefusalForm
from simulations.models import Candidacy, ElectionState
from simulations.services import setup as setup_services


def _open_contest(request, pk):
    contests = selectors.contests_open_for_candidacy(request.user.pupil)
    contest = next((c for c in contests if c.pk == pk), None)
    if contest is None:
        raise Http404
    return contest


@pupil_page
def candidacy_home(request):
    """The pupil's candidacies with their status, and the contests they may
    still stand in."""
    pupil = request.user.pupil
    mine = list(
        Candidacy.objects.filter(pupil=pupil)
        .select_related("contest__election", "option")
        .order_by("-submitted_at")
    )
    standing = {c.contest_id for c in mine}
    contests = [
        c for c in selectors.contests_open_for_candidacy(pupil) if c.pk not in standing
    ]
    return render(
        request,
        "simulations/candidacy/home.html",
        {"candidacies": mine, "contests": contests},
    )


@pupil_page
def candidacy_stand(request, pk):
    """The pupil stands in one contest, with a manifesto voters read on the
    ballot."""
    contest = _open_contest(request, pk)
    pupil = request.user.pupil
    if Candidacy.objects.filter(contest=contest, pupil=pupil).exists():
        messages.info(request, _("You already stand in this election."))
        return redirect("candidacy_home")
    form = ManifestoForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            setup_services.candidacy_stand(
                by=request.user,
                contest=contest,
                manifesto=form.cleaned_data["manifesto"],
            )
        except ValidationError as error:
            add_service_error(form, error, {"manifesto": "manifesto"})
        else:
            messages.success(
                request,
                _("Your candidacy is submitted. Your teacher will approve it."),
            )
            return redirect("candidacy_home")
    return render(
        request,
        "simulations/candidacy/stand.html",
        {"contest": contest, "election": contest.election, "form": form},
    )


@pupil_page
def candidacy_withdraw_mine(request, pk):
    """The pupil withdraws their own candidacy while it is still pending."""
    candidacy = get_object_or_404(
        Candidacy.objects.select_related("contest__election"),
        pk=pk,
        pupil=request.user.pupil,
    )
    if request.method == "POST":
        try:
            setup_services.candidacy_withdraw_pending(
                by=request.user, candidacy=candidacy
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your candidacy is withdrawn."))
        return redirect("candidacy_home")
    return render(
        request,
        "simulations/candidacy/withdraw.html",
        {
            "candidacy": candidacy,
            "may_withdraw": candidacy.status == "pending"
            and candidacy.contest.election.state == ElectionState.DRAFT,
        },
    )


@staff_page
def candidacy_refuse(request, pk):
    """A teacher refuses a pending candidacy with a reason the pupil reads."""
    candidacy = get_object_or_404(
        Candidacy.objects.select_related("contest__election", "pupil"),
        pk=pk,
        contest__election__in=selectors.elections_managed_by(request.user),
    )
    election = candidacy.contest.election
    back = (
        f"{reverse('election_candidates', args=[election.pk])}"
        f"?contest={candidacy.contest_id}"
    )
    form = RefusalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            setup_services.candidacy_refuse(
                by=request.user, candidacy=candidacy, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error, {"reason": "reason"})
        else:
            messages.success(
                request,
                _("The candidacy of %(name)s is refused.")
                % {"name": candidacy.pupil.pseudonym},
            )
            return redirect(back)
    return render(
        request,
        "simulations/candidacy/refuse.html",
        {"candidacy": candidacy, "election": election, "form": form, "back": back},
    )
