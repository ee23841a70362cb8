"""Participatory budget pages: teachers set up, check, open and count; pupils
propose and vote; anyone with a slip votes with its code.

Every budget in a URL is found through ``budgets_managed_by`` (staff) or
``budgets_for_pupil`` (pupils), so another school's budget is not found (404); the
services check the same rules again on every write.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from school_councils import selectors as school_selectors
from school_councils.views.access import (
    add_service_error,
    pupil_page,
    secret,
    staff_page,
)
from simulations import pdf, selectors
from simulations.forms_budget import (
    BudgetForm,
    CodeForm,
    ImportForm,
    ProposalCheckForm,
    ProposalForm,
    read_picks,
)
from simulations.models import BallotAccess, Budget, BudgetRule, Proposal
from simulations.services import budget as services
from simulations.services.voting import voting_code_usable
from simulations.views.vote import _blocked, _count_failure, _too_many_attempts
from youth_civics import ratelimit

BUDGET_ERROR_FIELDS = {
    "name": "name",
    "amount": "amount",
    "rule": "rule",
    "no_electorate": "classrooms",
    "proposals_period": "proposals_close_at",
    "periods_overlap": "voting_opens_at",
    "closes_before_opening": "voting_closes_at",
}
PROPOSAL_ERROR_FIELDS = {"title": "title", "cost": "cost", "over_budget": "cost"}


def _budget(request, pk) -> Budget:
    return get_object_or_404(services.budgets_managed_by(request.user), pk=pk)


def _pupil_budget(request, pk) -> Budget:
    return get_object_or_404(services.budgets_for_pupil(request.user.pupil), pk=pk)


# Teachers and coordinators -------------------------------------------------------


@staff_page
def budget_list(request):
    """The budgets the user runs, newest first."""
    budgets = services.budgets_managed_by(request.user).order_by("-created_at")
    rows = [(budget, services.budget_phase(budget)) for budget in budgets]
    return render(request, "simulations/budget/list.html", {"rows": rows})


@staff_page
def budget_create(request):
    """A pupils' budget for some of the teacher's classes or a whole school."""
    classrooms = school_selectors.classrooms_for_user(request.user).order_by(
        "school__name", "-school_year", "grade", "name"
    )
    schools = school_selectors.schools_for_user(request.user).order_by("name")
    form = BudgetForm(request.POST or None, classrooms=classrooms, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("school", None)
        try:
            budget = services.budget_create(
                by=request.user, school=form.school(), **data
            )
        except ValidationError as error:
            add_service_error(form, error, BUDGET_ERROR_FIELDS)
        else:
            messages.success(request, _("Budget created: pupils can now propose."))
            return redirect("budget_detail", pk=budget.pk)
    context = {"form": form, "has_schools": bool(form.schools)}
    return render(request, "simulations/budget/form.html", context)


@staff_page
def budget_import(request):
    """Replays a real city's budget from a pabulib ``.pb`` file."""
    schools = school_selectors.schools_for_user(request.user).order_by("name")
    form = ImportForm(request.POST or None, request.FILES or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            budget = services.budget_import_pabulib(
                by=request.user,
                school=form.chosen_school(),
                content=upload.read(services.MAX_FILE_BYTES + 1),
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("File imported: the replay is ready."))
            return redirect("budget_results", pk=budget.pk)
    context = {"form": form, "has_schools": bool(form.schools)}
    return render(request, "simulations/budget/import.html", context, status=200)


@staff_page
def budget_detail(request, pk):
    """The proposals to check, the ballot, the classes' slips and what to do next."""
    budget = _budget(request, pk)
    proposals = budget.proposals.select_related("author__classroom")
    classrooms = []
    if not budget.is_replay:
        classrooms = selectors.electorate_classrooms(budget.election)
    context = {
        "budget": budget,
        "phase": services.budget_phase(budget),
        "proposals": proposals,
        "pending": sum(1 for p in proposals if p.status == "pending"),
        "check_form": ProposalCheckForm(),
        "classrooms": classrooms,
        "turnout": None
        if budget.is_replay
        else selectors.election_turnout(budget.election),
    }
    return render(request, "simulations/budget/detail.html", context)


@staff_page
def proposal_check(request, pk):
    """Saves the teacher's decision on one proposal (POST)."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("budget"),
        pk=pk,
        budget__in=services.budgets_managed_by(request.user),
    )
    if request.method != "POST":
        return redirect("budget_detail", pk=proposal.budget_id)
    form = ProposalCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose eligible or not eligible."))
    else:
        try:
            services.proposal_check(
                by=request.user, proposal=proposal, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decision saved."))
    return redirect(f"{reverse('budget_detail', args=[proposal.budget_id])}#p{pk}")


def _lifecycle(action, success):
    @staff_page
    def view(request, pk):
        budget = _budget(request, pk)
        if request.method != "POST":
            return redirect("budget_detail", pk=budget.pk)
        try:
            action(by=request.user, budget=budget)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success())
        return redirect("budget_detail", pk=budget.pk)

    view.__doc__ = action.__doc__
    return view


budget_open = _lifecycle(
    services.budget_voting_open, lambda: _("Voting is open; the ballot is fixed.")
)
budget_close = _lifecycle(services.budget_voting_close, lambda: _("Voting closed."))
budget_publish = _lifecycle(
    services.budget_publish, lambda: _("Results and ballot list published.")
)


@staff_page
def budget_slips(request, pk, classroom_pk):
    """Prints a class's voting slips; printing voids the class's unused slips."""
    budget = _budget(request, pk)
    if budget.is_replay:
        raise Http404
    classroom = get_object_or_404(
        selectors.electorate_classrooms(budget.election), pk=classroom_pk
    )
    if request.method == "POST":
        try:
            with transaction.atomic():
                issued = services.budget_codes_issue(
                    by=request.user, budget=budget, classroom=classroom
                )
                document = pdf.slips_pdf(
                    election=budget.election,
                    classroom=classroom,
                    issued=issued,
                    vote_url=request.build_absolute_uri(reverse("budget_vote_code")),
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("budget_detail", pk=budget.pk)
        filename = slugify(f"{budget.name} {classroom.name}") or "slips"
        response = HttpResponse(document, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="slips-{filename}.pdf"'
        return secret(response)
    context = {
        "budget": budget,
        "classroom": classroom,
        "pupil_count": classroom.pupils.count(),
    }
    return render(request, "simulations/budget/slips.html", context)


@staff_page
def budget_export(request, pk):
    """The budget as a pabulib ``.pb`` file."""
    budget = _budget(request, pk)
    try:
        text = services.budget_export_pabulib(by=request.user, budget=budget)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("budget_detail", pk=budget.pk)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    filename = slugify(budget.name) or "budget"
    response["Content-Disposition"] = f'attachment; filename="{filename}.pb"'
    return response


# Results, for staff and pupils ---------------------------------------------------


def member_page(view):
    """Staff who run the budget and pupils who take part; anonymous visitors are
    sent to sign in, like on every page with an object."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _visible_budget(request, pk) -> Budget:
    """Returns the budget if the user runs it or takes part in it."""
    if school_selectors.is_pupil(request.user):
        return _pupil_budget(request, pk)
    return _budget(request, pk)


@member_page
def budget_results(request, pk):
    """Which projects each rule funds, the money spent and the voters reached."""
    budget = _visible_budget(request, pk)
    if not services.results_visible(budget, request.user):
        context = {"budget": budget, "phase": services.budget_phase(budget)}
        return render(request, "simulations/budget/results_not_yet.html", context)
    comparison = services.budget_results_cached(budget)
    context = results_context(budget, comparison)
    context["manages"] = (
        services.budgets_managed_by(request.user).filter(pk=budget.pk).exists()
    )
    return render(request, "simulations/budget/results.html", context)


@member_page
def budget_ballots(request, pk):
    """The published ballot list: every ballot by its tracker, nothing else."""
    budget = _visible_budget(request, pk)
    names = {p.option_id: p.title for p in services.ballot_proposals(budget)}
    ballots = [
        (
            record.tracker,
            [
                names.get(o, "?")
                for o in record.choices.get("ranking")
                or record.choices.get("marks")
                or []
            ],
        )
        for record in services.budget_ballots_published(budget)
    ]
    context = {
        "budget": budget,
        "ballots": ballots,
        "phase": services.budget_phase(budget),
    }
    return render(request, "simulations/budget/ballots.html", context)


# Pupils --------------------------------------------------------------------------


@pupil_page
def pupil_budget_list(request):
    budgets = services.budgets_for_pupil(request.user.pupil).order_by("-created_at")
    rows = [(budget, services.budget_phase(budget)) for budget in budgets]
    return render(request, "simulations/budget/pupil_list.html", {"rows": rows})


@pupil_page
def pupil_budget(request, pk):
    """A pupil's view of a budget: propose, see the decisions, vote."""
    budget = _pupil_budget(request, pk)
    pupil = request.user.pupil
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_submit(
                by=request.user, budget=budget, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error, PROPOSAL_ERROR_FIELDS)
        else:
            messages.success(
                request, _("Project submitted: your teacher will check it.")
            )
            return redirect("pupil_budget", pk=budget.pk)
    return _pupil_page(request, budget, pupil, form)


def _pupil_page(request, budget, pupil, form, *, errors=(), status=200):
    phase = services.budget_phase(budget)
    context = {
        "budget": budget,
        "phase": phase,
        "form": form,
        "mine": budget.proposals.filter(author=pupil),
        "on_ballot": services.ballot_proposals(budget) if budget.frozen_at else [],
        "may_vote": services.pupil_may_vote(budget, pupil),
        "codes": budget.election.access == BallotAccess.CODES,
        "errors": errors,
        "places": range(1, services.POINTS_PICKS + 1),
    }
    return render(request, "simulations/budget/pupil.html", context, status=status)


@pupil_page
def pupil_budget_vote(request, pk):
    """Casts a signed-in pupil's ballot and shows its tracker, once (POST)."""
    budget = _pupil_budget(request, pk)
    if request.method != "POST":
        return redirect("pupil_budget", pk=budget.pk)
    picks = read_picks(request.POST, ranked=budget.ranked)
    try:
        receipt = services.budget_ballot_cast(
            budget=budget, picks=picks, pupil=request.user.pupil
        )
    except ValidationError as error:
        response = _pupil_page(
            request,
            budget,
            request.user.pupil,
            ProposalForm(),
            errors=error.messages,
            status=400,
        )
        return secret(response)
    return _receipt(request, budget, receipt)


def _receipt(request, budget, receipt):
    context = {"budget": budget, "tracker": receipt.display}
    return secret(render(request, "simulations/budget/receipt.html", context))


# Voting with a code --------------------------------------------------------------


def budget_vote_code(request):
    """GET asks for the code on the slip (filled in from a QR code); POST with a
    code shows the ballot, POST with a code and picks casts it.

    Unknown codes count towards the same limit per address as /vote/, so a
    guesser gains nothing by switching pages.
    """
    address = ratelimit.client_address(request)
    if request.method != "POST":
        code = request.GET.get("code", "")
        context = {"form": CodeForm(initial={"code": code}), "autosubmit": bool(code)}
        response = render(request, "simulations/budget/vote_code.html", context)
        return secret(response)
    if _blocked(address):
        return _too_many_attempts(request)
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _code_page(request, form, status=400)
    try:
        code = voting_code_usable(form.cleaned_data["code"])
    except ValidationError as error:
        if error.code == "unknown_code" and not _count_failure(address):
            return _too_many_attempts(request)
        form.add_error("code", error)
        return _code_page(request, form, status=400)
    budget = Budget.objects.filter(election=code.election).first()
    if budget is None:
        form.add_error(
            "code", _("This code is for an election: vote on the voting page.")
        )
        return _code_page(request, form, status=400)
    if "cast" not in request.POST:
        return _code_ballot(request, budget, form.cleaned_data["code"])
    picks = read_picks(request.POST, ranked=budget.ranked)
    try:
        receipt = services.budget_ballot_cast(budget=budget, picks=picks, code=code)
    except ValidationError as error:
        return _code_ballot(
            request,
            budget,
            form.cleaned_data["code"],
            errors=error.messages,
            status=400,
        )
    return _receipt(request, budget, receipt)


def _code_page(request, form, *, status=200):
    response = render(
        request, "simulations/budget/vote_code.html", {"form": form}, status=status
    )
    return secret(response)


def _code_ballot(request, budget, code, *, errors=(), status=200):
    context = {
        "budget": budget,
        "on_ballot": services.ballot_proposals(budget),
        "code": code,
        "errors": errors,
        "places": range(1, services.POINTS_PICKS + 1),
    }
    response = render(
        request, "simulations/budget/ballot_code.html", context, status=status
    )
    return secret(response)


# Charts and tables of the results ------------------------------------------------

CHART_WIDTH = 640
TRACK_X = 0
TRACK_WIDTH = 600
ROW_HEIGHT = 74


def results_context(budget: Budget, comparison) -> dict:
    """Returns what the results page draws: per rule the funded projects, the
    money spent and the voters reached, as numbers and as SVG geometry."""
    proposals = {str(p.pk): p for p in services.ballot_proposals(budget)}
    labels = dict(BudgetRule.choices)
    rules = [
        _rule_view(outcome, labels[outcome.rule], proposals, budget)
        for outcome in comparison.outcomes
    ]
    totals = _totals(budget, comparison)
    return {
        "budget": budget,
        "phase": services.budget_phase(budget),
        "comparison": comparison,
        "rules": rules,
        "rows": _project_rows(proposals, rules, totals),
        "spent_chart": {"height": len(rules) * ROW_HEIGHT + 10, "rules": rules},
        "satisfied_chart": {"height": len(rules) * 56 + 10, "rules": rules},
        "chart_width": CHART_WIDTH,
        "track_width": TRACK_WIDTH,
        "mes": _mes_rounds(comparison, proposals),
    }


def _rule_view(outcome, label, proposals, budget) -> dict:
    segments, x = [], TRACK_X
    for number, name in enumerate(outcome.funded):
        width = TRACK_WIDTH * float(proposals[name].cost) / budget.amount
        segments.append(
            {
                "x": round(x, 2),
                "width": round(width, 2),
                "title": proposals[name].title,
                "cost": proposals[name].cost,
                "shade": "segment-a" if number % 2 == 0 else "segment-b",
                "label": _fit(proposals[name].title, width),
                "text_x": round(x + 4, 2),
            }
        )
        x += width
    return {
        "rule": outcome.rule,
        "label": label,
        "outcome": outcome,
        "funded": [proposals[name] for name in outcome.funded],
        "spent": int(outcome.spent),
        "left": int(outcome.left),
        "spent_percent": round(100 * outcome.spent_share, 1),
        "satisfied_percent": round(100 * outcome.satisfied_share, 1),
        "satisfied_width": round(TRACK_WIDTH * outcome.satisfied_share, 2),
        "segments": segments,
        "is_budget_rule": outcome.rule == budget.rule,
    }


def _fit(title: str, width: float) -> str:
    """Returns as much of ``title`` as fits a block ``width`` wide (about 7 units a
    character at the chart's 12-unit font), or nothing when not even a word fits."""
    room = int((width - 8) // 7)
    if room < 6:
        return ""
    return title if len(title) <= room else title[: room - 1] + "…"


def _totals(budget: Budget, comparison) -> dict:
    """Returns the approvals (and, for ranked ballots, the points) per project."""
    groups = cached_groups(budget)
    approvals: dict[str, int] = {}
    points: dict[str, int] = {}
    scheme = budget.points or [3, 2, 1]
    for names, count in groups.items():
        for place, name in enumerate(names):
            approvals[name] = approvals.get(name, 0) + count
            if comparison.ranked and place < len(scheme):
                points[name] = points.get(name, 0) + scheme[place] * count
    return {"approvals": approvals, "points": points}


def cached_groups(budget: Budget) -> dict:
    key = f"budget-groups:{budget.pk}:{services.budget_phase(budget)}"
    found = cache.get(key)
    if found is None:
        found = services.budget_ballot_groups(budget)
        if services.budget_phase(budget) in ("replay", "closed", "published"):
            cache.set(key, found, timeout=services.RESULTS_CACHE_SECONDS)
    return found


def _project_rows(proposals, rules, totals) -> list[dict]:
    rows = []
    for name, proposal in proposals.items():
        rows.append(
            {
                "proposal": proposal,
                "approvals": totals["approvals"].get(name, 0),
                "points": totals["points"].get(name, 0),
                "funded": [proposal in rule["funded"] for rule in rules],
            }
        )
    rows.sort(key=lambda row: (-row["points"], -row["approvals"], row["proposal"].pk))
    return rows


def _mes_rounds(comparison, proposals) -> dict | None:
    """Returns the Method of Equal Shares' rounds in words a class can follow."""
    outcome = comparison.outcome(BudgetRule.EQUAL_SHARES)
    if outcome is None or outcome.result is None:
        return None
    steps = outcome.result.steps
    add1 = next((step for step in steps if step["kind"] == "add1"), None)
    rounds = [
        {
            "number": step["round"],
            "title": proposals[step["project"]].title,
            "cost": int(step["cost"]),
            "supporters": step["supporters"],
            "rho": float(step["rho"]),
            "effective_votes": float(step["effective_votes"]),
        }
        for step in steps
        if step["kind"] == "round"
    ]
    share = float(add1["per_voter_budget"]) if add1 else None
    start = (
        float(add1["tries"][0]["per_voter_budget"]) if add1 and add1["tries"] else None
    )
    return {"rounds": rounds, "share": share, "start": start}
