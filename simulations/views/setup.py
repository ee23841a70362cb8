"""Setting elections up: a new election of any kind, its settings and electorate,
each contest's ballot line by line, and the presidential second round.

Objects in URLs are found through ``elections_managed_by``, so another school's
object is a 404. Every write goes through a service, which refuses changes once
voting has opened; the page shows that refusal as a message, never an error page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from school_councils import selectors as school_selectors
from school_councils.models import School
from school_councils.views.access import add_service_error, staff_page
from simulations import selectors, services
from simulations.forms import (
    ContestAddForm,
    ContestRulesForm,
    ElectionSettingsForm,
    ElectorateForm,
    OptionAddForm,
    OptionEditForm,
    SetupForm,
)
from simulations.models import (
    PRESET_KINDS,
    Contest,
    ElectionKind,
    ElectionState,
    Method,
    Option,
)
from simulations.services import setup as setup_services
from simulations.services.rules import LIST_METHODS
from simulations.voting.presets import PRESETS

TEACHER_FORM_KINDS = (ElectionKind.CLASS_REPRESENTATIVE, ElectionKind.STUDENT_COUNCIL)
SETUP_ERROR_FIELDS = {
    "title": "title",
    "seats": "seats",
    "method": "method",
    "threshold": "threshold",
    "questions": "questions",
    "constituency": "constituency",
    "name": "lists",
    "closes_before_opening": "closes_at",
    "embargo": "results_not_before",
}
RESULTS_STATES = (ElectionState.CLOSED, ElectionState.PUBLISHED)


def _election(request, pk):
    return get_object_or_404(selectors.elections_managed_by(request.user), pk=pk)


def _contest(request, pk):
    return get_object_or_404(
        Contest.objects.select_related("election__school"),
        pk=pk,
        election__in=selectors.elections_managed_by(request.user),
    )


def _option(request, pk):
    return get_object_or_404(
        Option.objects.select_related("contest__election", "party_list"),
        pk=pk,
        contest__election__in=selectors.elections_managed_by(request.user),
    )


# Choosing the kind and creating ----------------------------------------------------


@staff_page
def election_kinds(request):
    """Every kind of election, each with what it is for; the city youth council
    only for city coordinators."""
    is_city = school_selectors.is_city_coordinator(request.user)
    kinds = [
        {
            "kind": kind,
            "url": reverse("election_create")
            if kind in TEACHER_FORM_KINDS
            else reverse("election_new", args=[kind.value]),
        }
        for kind in ElectionKind
        if kind != ElectionKind.CITY_YOUTH_COUNCIL or is_city
    ]
    return render(request, "simulations/setup/kinds.html", {"kinds": kinds})


def _form_for(request, kind):
    user = request.user
    classrooms = school_selectors.classrooms_for_user(user).order_by(
        "school__name", "-school_year", "grade", "name"
    )
    if kind == ElectionKind.CITY_YOUTH_COUNCIL:
        schools = School.objects.order_by("name")
    else:
        schools = school_selectors.schools_coordinated_by(user).order_by("name")
    first = classrooms.first()
    school = first.school if first else None
    constituency = (
        setup_services.default_constituency(kind, school)
        if kind in PRESET_KINDS
        else None
    )
    return SetupForm(
        request.POST or None,
        kind=kind,
        classrooms=classrooms,
        schools=schools,
        constituency=constituency,
    )


@staff_page
def election_new(request, kind):
    """A new draft of one kind; its form shows only what that kind needs."""
    if kind in TEACHER_FORM_KINDS:
        return redirect("election_create")
    is_city = school_selectors.is_city_coordinator(request.user)
    if kind not in ElectionKind.values or (
        kind == ElectionKind.CITY_YOUTH_COUNCIL and not is_city
    ):
        raise Http404
    form = _form_for(request, kind)
    if request.method == "POST" and form.is_valid():
        try:
            election = setup_services.election_set_up(
                by=request.user, kind=kind, school=form.school(), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error, _fields_of(form))
        else:
            messages.success(request, _("Election created: now set up its ballot."))
            return redirect("election_setup", pk=election.pk)
    can_create = "schools" in form.fields or form.fields["classrooms"].queryset
    return render(
        request,
        "simulations/setup/new.html",
        {
            "form": form,
            "kind": ElectionKind(kind),
            "preset": PRESETS.get(kind),
            "can_create": bool(can_create),
        },
    )


# The election's settings, electorate and contests ---------------------------------


def _settings_form(request, election):
    initial = {
        "title": election.title,
        "access": election.access,
        "opens_at": election.opens_at,
        "closes_at": election.closes_at,
        "results_not_before": election.results_not_before,
    }
    data = request.POST if request.POST.get("action") == "settings" else None
    form = ElectionSettingsForm(data, initial=initial, prefix="settings")
    if election.state != ElectionState.DRAFT:
        # Only the title may still be corrected once voting has opened.
        form.fields = {"title": form.fields["title"]}
    return form


def _electorate_form(request, election):
    classrooms = school_selectors.classrooms_for_user(request.user).filter(
        school=election.school
    )
    schools = school_selectors.schools_coordinated_by(request.user).filter(
        pk=election.school_id
    )
    rows = election.electorate.all()
    initial = {
        "classrooms": [r.classroom_id for r in rows if r.classroom_id],
        "schools": [r.school_id for r in rows if r.school_id],
    }
    data = request.POST if request.POST.get("action") == "electorate" else None
    return ElectorateForm(
        data,
        initial=initial,
        prefix="electorate",
        classrooms=classrooms.order_by("-school_year", "grade", "name"),
        schools=schools,
    )


def _contest_add_form(request, election):
    if election.kind not in setup_services.COMPOSED_KINDS:
        return None
    data = request.POST if request.POST.get("action") == "add_contest" else None
    return ContestAddForm(
        data,
        prefix="contest",
        referendum=election.kind == ElectionKind.REFERENDUM,
    )


@staff_page
def election_setup(request, pk):
    """The rules of a draft in one place: title, way of voting and times; who
    votes; the contests, each with its ballot. After opening, shown read-only
    and any change is refused with the reason."""
    election = _election(request, pk)
    forms = {
        "settings": _settings_form(request, election),
        "electorate": _electorate_form(request, election)
        if election.kind != ElectionKind.CITY_YOUTH_COUNCIL
        else None,
        "add_contest": _contest_add_form(request, election),
    }
    action = request.POST.get("action", "")
    if request.method == "POST":
        done = _setup_action(request, election, action, forms)
        if done:
            messages.success(request, done)
            return redirect("election_setup", pk=election.pk)
    return render(
        request,
        "simulations/setup/election.html",
        {
            "election": election,
            "is_draft": election.state == ElectionState.DRAFT,
            "contests": election.contests.prefetch_related("options"),
            "composed": election.kind in setup_services.COMPOSED_KINDS,
            "settings_form": forms["settings"],
            "electorate_form": forms["electorate"],
            "contest_form": forms["add_contest"],
            "electorate": selectors.electorate_classrooms(election),
            "schools": _electorate_schools(election),
        },
    )


def _electorate_schools(election):
    return School.objects.filter(
        pk__in=election.electorate.exclude(school=None).values("school")
    ).order_by("name")


def _setup_action(request, election, action, forms):
    """Runs one posted change; returns the success message, or None when a form
    shows what went wrong."""
    handlers = {
        "settings": _save_settings,
        "electorate": _save_electorate,
        "add_contest": _add_contest,
        "remove_contest": _remove_contest,
    }
    handler = handlers.get(action)
    form = forms.get(action)
    if handler is None or (action != "remove_contest" and form is None):
        raise Http404
    if form is not None and not form.is_valid():
        return None
    try:
        return handler(request, election, form)
    except ValidationError as error:
        _show_error(request, form, error, _fields_of(form) if form else {})
        return None


def _fields_of(form):
    """The error fields that exist on ``form``; other errors go on the form."""
    fields = SETUP_ERROR_FIELDS.items()
    return {code: field for code, field in fields if field in form.fields}


def _show_error(request, form, error, fields):
    """A refusal goes on the form, except that the rules are locked: that is
    said once at the top of the page, since the forms are no longer shown."""
    if form is None or error.code == "rules_locked":
        messages.error(request, " ".join(error.messages))
    else:
        add_service_error(form, error, fields)


def _save_settings(request, election, form):
    data = form.cleaned_data
    changed = {k: v for k, v in data.items() if getattr(election, k) != v}
    if changed:
        services.election_update(by=request.user, election=election, **changed)
    return _("The settings are saved.")


def _save_electorate(request, election, form):
    services.electorate_set(
        by=request.user,
        election=election,
        classrooms=form.cleaned_data["classrooms"],
        schools=form.cleaned_data.get("schools") or (),
    )
    return _("The classes that vote are saved.")


def _add_contest(request, election, form):
    data = form.cleaned_data
    if election.kind == ElectionKind.REFERENDUM:
        first = election.contests.first()
        services.contest_add(
            by=request.user,
            election=election,
            name=data["name"],
            method=Method.REFERENDUM,
            quorum=first.quorum if first else "",
        )
        return _("The question is added.")
    setup_services.check_threshold(data.get("threshold"))
    if data.get("threshold") and data["method"] not in LIST_METHODS:
        raise ValidationError(
            _("Only party lists have a threshold: choose a party-list method."),
            code="threshold",
        )
    services.contest_add(
        by=request.user,
        election=election,
        name=data["name"],
        method=data["method"],
        seats=data["seats"],
        threshold=data.get("threshold"),
    )
    return _("The contest is added.")


def _remove_contest(request, election, form):
    contest = get_object_or_404(
        election.contests, pk=request.POST.get("contest") or None
    )
    setup_services.contest_remove(by=request.user, contest=contest)
    return _("%(name)s is removed.") % {"name": contest.name}


# One contest's ballot ------------------------------------------------------------


def _pupils_who_may_stand(contest):
    return (
        selectors.contest_voters(contest)
        .exclude(pk__in=contest.options.exclude(pupil=None).values("pupil"))
        .select_related("classroom")
        .order_by("classroom__name", "pseudonym")
    )


def _add_forms(request, contest):
    """The forms that add lines: a list and a candidate on a list, or a candidate."""
    action = request.POST.get("action")
    is_lists = contest.method in LIST_METHODS
    lists = contest.options.filter(party_list=None).order_by("position", "pk")
    pupils = _pupils_who_may_stand(contest)
    forms = {}
    if contest.method == Method.REFERENDUM:
        return forms
    if is_lists:
        forms["add_list"] = OptionAddForm(
            request.POST if action == "add_list" else None,
            prefix="list",
            contest=contest,
            as_list=True,
        )
        if lists.exists():
            forms["add_candidate"] = OptionAddForm(
                request.POST if action == "add_candidate" else None,
                prefix="candidate",
                contest=contest,
                lists=lists,
                pupils=pupils,
            )
    else:
        forms["add_candidate"] = OptionAddForm(
            request.POST if action == "add_candidate" else None,
            prefix="candidate",
            contest=contest,
            pupils=pupils,
        )
    return forms


@staff_page
def contest_setup(request, pk):
    """One contest's rules and ballot: lists and their candidates in order, or
    the candidates, or a referendum's question; add, reorder, remove."""
    contest = _contest(request, pk)
    election = contest.election
    rules = ContestRulesForm(
        request.POST if request.POST.get("action") == "rules" else None,
        contest=contest,
        prefix="rules",
        initial=_rules_initial(contest),
    )
    forms = {"rules": rules, **_add_forms(request, contest)}
    if request.method == "POST":
        done = _contest_action(request, contest, forms)
        if done:
            messages.success(request, done)
            return redirect("contest_setup", pk=contest.pk)
    options = list(contest.options.order_by("position", "pk"))
    return render(
        request,
        "simulations/setup/contest.html",
        {
            "election": election,
            "contest": contest,
            "is_draft": election.state == ElectionState.DRAFT,
            "is_lists": contest.method in LIST_METHODS,
            "is_referendum": contest.method == Method.REFERENDUM,
            "lines": _lines(options),
            "rules_form": rules,
            "list_form": forms.get("add_list"),
            "candidate_form": forms.get("add_candidate"),
            "pending": contest.candidacies.filter(
                approved_at=None, refused_at=None
            ).count(),
        },
    )


def _rules_initial(contest):
    def percent(share):
        return None if share is None else share * 100

    return {
        "name": contest.name,
        "seats": contest.seats,
        "threshold": percent(contest.threshold),
        "coalition_threshold": percent(contest.coalition_threshold),
        "quorum": contest.quorum,
    }


def _lines(options):
    """The top lines (lists or candidates) in order, each with its candidates."""
    top = [o for o in options if o.party_list_id is None]
    return [
        {
            "option": o,
            "first": index == 0,
            "last": index == len(top) - 1,
            "candidates": _ordered([c for c in options if c.party_list_id == o.pk]),
        }
        for index, o in enumerate(top)
    ]


def _ordered(candidates):
    return [
        {"option": c, "first": i == 0, "last": i == len(candidates) - 1}
        for i, c in enumerate(candidates)
    ]


def _contest_action(request, contest, forms):
    action = request.POST.get("action", "")
    try:
        if action == "move":
            return _move(request, contest)
        form = forms.get(action)
        if form is None:
            raise Http404
        if not form.is_valid():
            return None
        try:
            return _save_contest_form(request, contest, action, form)
        except ValidationError as error:
            fields = {"name": "name", "threshold": "threshold", "seats": "seats"}
            fields = {k: v for k, v in fields.items() if v in form.fields}
            _show_error(request, form, error, fields)
            return None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None


def _save_contest_form(request, contest, action, form):
    data = form.cleaned_data
    if action == "rules":
        setup_services.contest_rules_set(by=request.user, contest=contest, **data)
        return _("The contest is saved.")
    if action == "add_list":
        option = services.option_add(
            by=request.user,
            contest=contest,
            name=data["name"],
            list_kind=data["list_kind"],
            description=data["description"],
        )
    else:
        option = _add_candidate(request.user, contest, data)
    return _("%(name)s is on the ballot.") % {"name": option.name}


@transaction.atomic
def _add_candidate(user, contest, data):
    pupil = data.get("pupil")
    if pupil is not None and contest.method not in LIST_METHODS:
        # A pupil on their own stands through a candidacy, as on the candidates
        # page, so both pages show the same people.
        candidacy = services.candidacy_submit(
            by=user, contest=contest, pupil=pupil, manifesto=data["description"]
        )
        return services.candidacy_approve(by=user, candidacy=candidacy)
    return services.option_add(
        by=user,
        contest=contest,
        name=data["name"] if pupil is None else "",
        pupil=pupil,
        party_list=data.get("party_list"),
        description=data["description"],
    )


def _move(request, contest):
    option = get_object_or_404(contest.options, pk=request.POST.get("option") or None)
    step = -1 if request.POST.get("direction") == "up" else 1
    setup_services.option_move(by=request.user, option=option, step=step)
    return _("%(name)s is moved.") % {"name": option.name}


@staff_page
def option_edit(request, pk):
    """Renames a line of the ballot, or changes its description or kind."""
    option = _option(request, pk)
    back = reverse("contest_setup", args=[option.contest_id])
    form = OptionEditForm(
        request.POST or None,
        option=option,
        initial={
            "name": option.name,
            "description": option.description,
            "list_kind": option.list_kind,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            setup_services.option_update(
                by=request.user, option=option, **form.cleaned_data
            )
        except ValidationError as error:
            _show_error(
                request, form, error, {"name": "name", "list_kind": "list_kind"}
            )
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": option.name})
            return redirect(back)
    return render(
        request,
        "simulations/setup/option_edit.html",
        {
            "option": option,
            "election": option.contest.election,
            "form": form,
            "back": back,
            "is_draft": option.contest.election.state == ElectionState.DRAFT,
        },
    )


@staff_page
def option_remove(request, pk):
    """Asks, then takes a line (a list with its candidates) off the ballot."""
    option = _option(request, pk)
    back = reverse("contest_setup", args=[option.contest_id])
    if request.method == "POST":
        try:
            services.option_remove(by=request.user, option=option)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s is off the ballot.") % {"name": option.name}
            )
        return redirect(back)
    return render(
        request,
        "simulations/setup/option_remove.html",
        {
            "option": option,
            "election": option.contest.election,
            "candidates": option.candidates.count(),
            "back": back,
        },
    )


# The presidential second round ----------------------------------------------------


@staff_page
def election_second_round(request, pk):
    """Explains the two-round rule and, when the closed first round has no
    winner, creates the second round between the two finalists."""
    election = _election(request, pk)
    if election.kind != ElectionKind.PRESIDENT or election.first_round_id:
        raise Http404
    if request.method == "POST":
        try:
            second = services.election_second_round_create(
                by=request.user, election=election
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("election_second_round", pk=election.pk)
        messages.success(
            request,
            _("The second round is ready: set its times, then open the vote."),
        )
        return redirect("election_setup", pk=second.pk)
    return render(
        request,
        "simulations/setup/second_round.html",
        {
            "election": election,
            "preset": PRESETS["president"],
            "closed": election.state in RESULTS_STATES,
            "first": _first_round_count(election),
            "second": election.second_rounds.first(),
        },
    )


def _first_round_count(election):
    if election.state not in RESULTS_STATES:
        return None
    (count,) = services.election_tally(election=election).contests
    result = count.result
    details = result.details if result else {}
    return {
        "votes": sorted(count.votes.items(), key=lambda kv: -kv[1]),
        "valid": count.valid,
        "winners": result.winners if result else [],
        "finalists": details.get("finalists") or [],
        "problem": count.problem,
    }
