"""The school participatory budget: proposals, their check, the vote and the count.

A pupils' budget votes through an election of its own (``Budget.election``), so
everything that keeps a vote secret and single is the elections' machinery, called
here and not copied: voting codes (``voting_codes_issue``, spent by a conditional
update in the ballot's transaction), signed-in ``VoterParticipation``, random-key
ballot rows with trackers (``ballot_cast``), and opening, closing and publishing
(``election_open``, ``election_close``, ``election_publish``). The election's one
contest is counted by a budget method of ``services.rules``: ``budget_points``
(up to three projects ranked) or ``budget_approval`` (any number approved). Its
options are the eligible proposals, created when voting opens, which freezes the
list.

The count is :mod:`simulations.voting.budget`: the same ballots are counted by
Kraków's points rule, by approvals and by the Method of Equal Shares side by side
(:func:`budget_compare`), so a class sees what the rule changes. A budget in replay
mode holds a real city's projects and ballots read from a pabulib ``.pb`` file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from school_councils import selectors as school_selectors
from school_councils.models import Classroom, Pupil, School
from simulations import selectors
from simulations.models import (
    BallotAccess,
    BallotRecord,
    BallotStatus,
    Budget,
    BudgetMode,
    BudgetRule,
    ElectionKind,
    ElectionState,
    Method,
    Option,
    Proposal,
    ProposalStatus,
    ReplayGroup,
    VoterParticipation,
)
from simulations.services.elections import election_create
from simulations.services.lifecycle import (
    election_close,
    election_open,
    election_publish,
)
from simulations.services.voting import Receipt, ballot_cast, voting_codes_issue
from simulations.voting import pabulib
from simulations.voting.ballots import ApprovalBallot, RankedBallot
from simulations.voting.base import FileFormatError, Lot, Result, VotingError
from simulations.voting.budget import (
    KRAKOW_POINTS,
    greedy_approval,
    greedy_score,
    method_of_equal_shares,
)

# Kraków's voter picks up to three projects; so does a pupil under the points rule.
POINTS_PICKS = 3
MAX_AMOUNT = 10**12
MAX_PROPOSALS_PER_PUPIL = 3
MAX_FILE_BYTES = 10 * 1024 * 1024
RESULTS_CACHE_SECONDS = 7 * 24 * 3600
CONTEST_METHODS = {
    BudgetRule.POINTS: "budget_points",
    BudgetRule.APPROVAL: "budget_approval",
    BudgetRule.EQUAL_SHARES: "budget_approval",
}


def _refuse(code: str, message: str) -> ValidationError:
    return ValidationError(message, code=code)


# Reads ---------------------------------------------------------------------------


def budgets_managed_by(user) -> QuerySet[Budget]:
    """Returns the budgets a user runs, by the rule elections follow: a city
    coordinator every one, a school's coordinator those of the school, a teacher
    the ones they created in a school they still belong to."""
    budgets = Budget.objects.select_related("school", "election")
    if school_selectors.is_city_coordinator(user):
        return budgets
    if not user.is_authenticated or school_selectors.is_pupil(user):
        return budgets.none()
    coordinated = school_selectors.schools_coordinated_by(user)
    member_of = school_selectors.schools_for_user(user)
    return budgets.filter(
        Q(school__in=coordinated) | Q(created_by=user, school__in=member_of)
    ).distinct()


def budgets_for_pupil(pupil: Pupil) -> QuerySet[Budget]:
    """Returns the pupils' budgets the pupil's class takes part in."""
    classroom = pupil.classroom
    return (
        Budget.objects.filter(mode=BudgetMode.PUPILS)
        .filter(
            Q(election__electorate__classroom=classroom)
            | Q(election__electorate__school_id=classroom.school_id)
        )
        .select_related("school", "election")
        .distinct()
    )


def budget_phase(budget: Budget, now: datetime | None = None) -> str:
    """Returns where the budget stands: ``replay``, ``proposals`` (pupils may
    propose), ``review`` (proposals closed, voting not open), ``voting``,
    ``closed`` or ``published``."""
    if budget.is_replay:
        return "replay"
    now = now or timezone.now()
    election = budget.election
    if budget.frozen_at is None:
        if budget.proposals_close_at and now >= budget.proposals_close_at:
            return "review"
        return "proposals"
    if election.state == ElectionState.OPEN:
        if election.closes_at and now >= election.closes_at:
            return "closed"
        return "voting"
    return "published" if election.state == ElectionState.PUBLISHED else "closed"


def ballot_proposals(budget: Budget) -> list[Proposal]:
    """Returns the proposals on the ballot, in ballot order (frozen at opening)."""
    return list(
        budget.proposals.filter(status=ProposalStatus.ELIGIBLE)
        .select_related("option")
        .order_by("option__position", "pk")
    )


def pupil_may_vote(budget: Budget, pupil: Pupil) -> bool:
    """Whether a signed-in pupil can vote in the budget now (and has not yet)."""
    if budget.is_replay or budget.election.access != BallotAccess.ACCOUNTS:
        return False
    election = budget.election
    if budget_phase(budget) != "voting" or (
        election.opens_at and timezone.now() < election.opens_at
    ):
        return False
    if not selectors.electorate_rows_for(election, pupil.classroom).exists():
        return False
    return not VoterParticipation.objects.filter(
        election=election, pupil=pupil
    ).exists()


# Setting up ----------------------------------------------------------------------


@transaction.atomic
def budget_create(
    *,
    by,
    school: School,
    name: str,
    amount: int,
    rule: str,
    classrooms: Iterable[Classroom] = (),
    whole_school: bool = False,
    access: str = BallotAccess.CODES,
    proposals_open_at: datetime | None = None,
    proposals_close_at: datetime | None = None,
    voting_opens_at: datetime | None = None,
    voting_closes_at: datetime | None = None,
) -> Budget:
    """Creates a pupils' budget with the election its vote runs in.

    The electorate is the chosen classes, or the whole school. The proposal
    period must end before voting opens; a proposal may not cost more than
    ``amount`` (whole złoty).
    """
    _check_budget_fields(name, amount, rule)
    classrooms = list(classrooms)
    if not classrooms and not whole_school:
        raise _refuse("no_electorate", _("Choose the classes that take part."))
    _check_periods(proposals_open_at, proposals_close_at, voting_opens_at)
    election = election_create(
        by=by,
        school=school,
        kind=ElectionKind.CUSTOM,
        title=name,
        classrooms=classrooms,
        schools=[school] if whole_school else [],
        access=access,
        opens_at=voting_opens_at,
        closes_at=voting_closes_at,
        method=Method.APPROVAL,
    )
    contest = election.contests.get()
    contest.method = CONTEST_METHODS[rule]
    contest.seats = POINTS_PICKS if rule == BudgetRule.POINTS else 1
    contest.save(update_fields=["method", "seats"])
    return Budget.objects.create(
        school=school,
        name=name.strip(),
        amount=amount,
        rule=rule,
        election=election,
        proposals_open_at=proposals_open_at,
        proposals_close_at=proposals_close_at,
        points=list(KRAKOW_POINTS),
        created_by=by,
    )


def _check_budget_fields(name: str, amount: int, rule: str) -> None:
    if not name.strip():
        raise _refuse("name", _("Give the budget a name."))
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise _refuse("amount", _("The amount must be a whole number of złoty."))
    if not 0 < amount <= MAX_AMOUNT:
        raise _refuse("amount", _("The amount must be above 0 złoty."))
    if rule not in BudgetRule.values:
        raise _refuse("rule", _("Choose a voting rule."))


def _check_periods(proposals_open_at, proposals_close_at, voting_opens_at) -> None:
    if (
        proposals_open_at
        and proposals_close_at
        and proposals_close_at <= proposals_open_at
    ):
        raise _refuse("proposals_period", _("Proposals must close after they open."))
    if proposals_close_at and voting_opens_at and voting_opens_at < proposals_close_at:
        raise _refuse(
            "periods_overlap",
            _("Voting cannot open before the time for proposals ends."),
        )


def managed_budget(by, budget: Budget) -> Budget:
    """Returns ``budget`` if ``by`` runs it; another school's budget is not found."""
    if not budgets_managed_by(by).filter(pk=budget.pk).exists():
        raise Http404
    return budget


def _require_not_frozen(budget: Budget) -> None:
    if budget.is_replay:
        raise _refuse(
            "replay", _("A replay holds a real city's projects: they cannot change.")
        )
    if budget.frozen_at is not None:
        raise _refuse(
            "frozen",
            _("Voting has opened: the list of projects on the ballot is fixed."),
        )


# Proposals -----------------------------------------------------------------------


@transaction.atomic
def proposal_submit(
    *, by, budget: Budget, title: str, description: str, cost: int
) -> Proposal:
    """Submits a pupil's proposal, waiting for the teacher's check.

    Refused when the pupil's class does not take part (not found), outside the
    proposal period, once voting opened, or when it costs more than the budget.
    """
    pupil = _pupil_of(by, budget)
    # Waits for an opening in flight, so no proposal slips in after the freeze.
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    _require_not_frozen(budget)
    _check_proposal_time(budget, timezone.now())
    title = title.strip()
    if not title:
        raise _refuse("title", _("Give your project a title."))
    if isinstance(cost, bool) or not isinstance(cost, int) or cost <= 0:
        raise _refuse("cost", _("The cost must be a whole number of złoty above 0."))
    if cost > budget.amount:
        raise _refuse(
            "over_budget",
            _(
                "This project costs %(cost)s zł, more than the whole budget of "
                "%(amount)s zł. Make it cheaper or split it into smaller projects."
            )
            % {"cost": cost, "amount": budget.amount},
        )
    mine = budget.proposals.filter(author=pupil).count()
    if mine >= MAX_PROPOSALS_PER_PUPIL:
        raise _refuse(
            "too_many",
            _("You can submit at most %(most)d projects.")
            % {"most": MAX_PROPOSALS_PER_PUPIL},
        )
    return Proposal.objects.create(
        budget=budget,
        title=title,
        description=description.strip(),
        cost=cost,
        author=pupil,
    )


def _pupil_of(by, budget: Budget) -> Pupil:
    if not school_selectors.is_pupil(by) or budget.is_replay:
        raise Http404
    pupil = by.pupil
    if not budgets_for_pupil(pupil).filter(pk=budget.pk).exists():
        raise Http404
    return pupil


def _check_proposal_time(budget: Budget, now: datetime) -> None:
    if budget.proposals_open_at and now < budget.proposals_open_at:
        raise _refuse(
            "proposals_not_open",
            _("Proposals open on %(when)s.")
            % {"when": _when(budget.proposals_open_at)},
        )
    if budget.proposals_close_at and now >= budget.proposals_close_at:
        raise _refuse("proposals_closed", _("The time for proposals has ended."))


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@transaction.atomic
def proposal_check(
    *, by, proposal: Proposal, eligible: bool, reason: str = ""
) -> Proposal:
    """Marks a proposal eligible or not; a proposal turned down needs a reason,
    which its author sees. Possible until voting opens."""
    budget = managed_budget(by, proposal.budget)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    _require_not_frozen(budget)
    reason = reason.strip()
    if not eligible and not reason:
        raise _refuse(
            "reason_required",
            _("Tell the author why the project is not eligible."),
        )
    if eligible and proposal.cost > budget.amount:
        raise _refuse("over_budget", _("The project costs more than the budget."))
    proposal.status = ProposalStatus.ELIGIBLE if eligible else ProposalStatus.INELIGIBLE
    proposal.reason = reason
    proposal.save(update_fields=["status", "reason"])
    return proposal


# The vote ------------------------------------------------------------------------


@transaction.atomic
def budget_voting_open(*, by, budget: Budget) -> Budget:
    """Freezes the eligible proposals into the ballot and opens voting.

    Every proposal must be checked first and at least one be eligible. The
    eligible list becomes the contest's options in one transaction with the
    opening, so the ballot can never change while anyone votes.
    """
    managed_budget(by, budget)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    _require_not_frozen(budget)
    proposals = list(budget.proposals.order_by("pk"))
    if any(p.status == ProposalStatus.PENDING for p in proposals):
        raise _refuse("unchecked", _("Check every proposal before voting opens."))
    eligible = [p for p in proposals if p.status == ProposalStatus.ELIGIBLE]
    if not eligible:
        raise _refuse("no_projects", _("No project is eligible: nothing to vote on."))
    contest = budget.election.contests.get()
    for position, proposal in enumerate(eligible, start=1):
        proposal.option = Option.objects.create(
            contest=contest,
            name=_option_name(proposal),
            position=position,
            description=proposal.description[:2000],
        )
        proposal.save(update_fields=["option"])
    budget.frozen_at = timezone.now()
    budget.save(update_fields=["frozen_at"])
    election_open(by=by, election=budget.election)
    return budget


def _option_name(proposal: Proposal) -> str:
    # Options are told apart by name; the number keeps two equal titles apart.
    return f"{proposal.title[:180]} (#{proposal.pk})"


def budget_voting_close(*, by, budget: Budget) -> Budget:
    managed_budget(by, budget)
    _require_election(budget)
    election_close(by=by, election=budget.election)
    return budget


def budget_publish(*, by, budget: Budget) -> Budget:
    """Publishes the results and the ballot list once voting has closed."""
    managed_budget(by, budget)
    _require_election(budget)
    election_publish(by=by, election=budget.election)
    return budget


def _require_election(budget: Budget) -> None:
    if budget.is_replay:
        raise _refuse("replay", _("A replay has no vote of its own."))


def budget_codes_issue(*, by, budget: Budget, classroom: Classroom):
    """Issues a class's voting codes for the slips (see ``voting_codes_issue``)."""
    managed_budget(by, budget)
    _require_election(budget)
    return voting_codes_issue(by=by, election=budget.election, classroom=classroom)


def budget_ballot_cast(
    *,
    budget: Budget,
    picks: Sequence[Any],
    code: Any = None,
    pupil: Pupil | None = None,
) -> Receipt:
    """Casts one voter's budget ballot and returns its tracker.

    ``picks`` are proposal ids: up to three in order of preference under the
    points rule, any number of approvals otherwise. The voter comes with a code
    or signed in, and the elections' ``ballot_cast`` does the rest: the period,
    one vote per code or pupil, the secret ballot row. A refusal changes nothing.
    """
    _require_election(budget)
    options = _picked_options(budget, picks)
    shape = "ranking" if budget.ranked else "marks"
    choices = {str(budget.election.contests.get().pk): {shape: options}}
    receipts = ballot_cast(
        election=budget.election, code=code, pupil=pupil, choices=choices
    )
    return receipts[0]


def _picked_options(budget: Budget, picks: Sequence[Any]) -> list[int]:
    if not isinstance(picks, (list, tuple)) or not picks:
        raise _refuse("no_pick", _("Pick at least one project."))
    if budget.ranked and len(picks) > POINTS_PICKS:
        raise _refuse(
            "too_many_picks",
            _("Pick at most %(most)d projects.") % {"most": POINTS_PICKS},
        )
    if len(set(picks)) != len(picks):
        raise _refuse("repeated_pick", _("Each project can be picked only once."))
    on_ballot = {p.pk: p.option_id for p in ballot_proposals(budget) if p.option_id}
    options = []
    for pick in picks:
        if isinstance(pick, bool) or not isinstance(pick, int) or pick not in on_ballot:
            raise _refuse("not_on_ballot", _("A project picked is not on this ballot."))
        options.append(on_ballot[pick])
    return options


def budget_ballots_published(budget: Budget) -> QuerySet[BallotRecord]:
    """The published ballot list (tracker order), empty until publication."""
    if budget.is_replay:
        return BallotRecord.objects.none()
    return selectors.published_ballots(budget.election)


# Counting ------------------------------------------------------------------------


@dataclass
class RuleOutcome:
    """What one rule does with the ballots: the funded proposals (in order of
    funding), the money spent and the voters with at least one funded pick."""

    rule: str
    funded: list[str]
    spent: int | Fraction
    amount: int
    voters: int
    satisfied: int
    result: Result | None = None

    @property
    def left(self):
        return self.amount - self.spent

    @property
    def spent_share(self) -> float:
        return float(self.spent) / self.amount if self.amount else 0.0

    @property
    def satisfied_share(self) -> float:
        return self.satisfied / self.voters if self.voters else 0.0


@dataclass
class Comparison:
    """The same ballots counted by every rule that can read them."""

    ranked: bool
    voters: int
    outcomes: list[RuleOutcome] = field(default_factory=list)

    def outcome(self, rule: str) -> RuleOutcome | None:
        return next((o for o in self.outcomes if o.rule == rule), None)


def budget_compare(
    *,
    groups: Mapping[tuple[str, ...], int],
    ranked: bool,
    costs: Mapping[str, int],
    amount: int,
    points: Sequence[int] = KRAKOW_POINTS,
    seed: int = 0,
) -> Comparison:
    """Returns the ballots counted by each rule side by side.

    ``groups`` maps the projects a ballot names (ranked best first when
    ``ranked``) to the number of voters who cast it. Ranked ballots are counted
    by points and, read as approvals of the projects picked, by approvals and by
    the Method of Equal Shares (add1, as in Wieliczka); approval ballots by the
    last two only, since they hold no order to give points by.
    """
    voters = sum(groups.values())
    comparison = Comparison(ranked=ranked, voters=voters)
    if not voters:
        for rule in _rules(ranked):
            comparison.outcomes.append(RuleOutcome(rule, [], 0, amount, 0, 0))
        return comparison
    approvals = [
        ApprovalBallot(frozenset(names), count) for names, count in groups.items()
    ]
    counts = {
        BudgetRule.APPROVAL: lambda: greedy_approval(
            approvals, budget=amount, costs=costs, lot=Lot(seed)
        ),
        BudgetRule.EQUAL_SHARES: lambda: method_of_equal_shares(
            approvals, budget=amount, costs=costs, lot=Lot(seed)
        ),
    }
    if ranked:
        rankings = [RankedBallot(names, count) for names, count in groups.items()]
        counts[BudgetRule.POINTS] = lambda: greedy_score(
            rankings, budget=amount, costs=costs, points=points, lot=Lot(seed)
        )
    for rule in _rules(ranked):
        comparison.outcomes.append(_outcome(rule, counts[rule](), amount))
    return comparison


def _rules(ranked: bool) -> list[str]:
    rules = [BudgetRule.APPROVAL, BudgetRule.EQUAL_SHARES]
    return [BudgetRule.POINTS, *rules] if ranked else rules


def _outcome(rule: str, result: Result, amount: int) -> RuleOutcome:
    details = result.details
    return RuleOutcome(
        rule=str(rule),
        funded=list(result.winners or []),
        spent=details["spent"],
        amount=amount,
        voters=details["voters"],
        satisfied=details["voters_with_funded_project"],
        result=result,
    )


def budget_ballot_groups(budget: Budget) -> dict[tuple[str, ...], int]:
    """Returns the budget's valid ballots grouped: ``{proposal ids (as text) named:
    voters}``, from the replayed file or from the pupils' secret ballots."""
    if budget.is_replay:
        groups: Counter[tuple[str, ...]] = Counter()
        for row in budget.replay_groups.all():
            groups[tuple(str(pk) for pk in row.proposals)] += row.voters
        return dict(groups)
    proposal_of = {
        p.option_id: str(p.pk) for p in ballot_proposals(budget) if p.option_id
    }
    records = BallotRecord.objects.filter(
        contest__election=budget.election, status=BallotStatus.VALID
    ).values_list("choices", flat=True)
    groups = Counter()
    for choices in records:
        picked = choices.get("ranking") or choices.get("marks") or []
        groups[tuple(proposal_of[o] for o in picked if o in proposal_of)] += 1
    groups.pop((), None)
    return dict(groups)


def budget_results(budget: Budget) -> Comparison:
    """Returns the budget's ballots counted by every rule side by side."""
    proposals = ballot_proposals(budget)
    seed = 0
    if not budget.is_replay:
        seed = budget.election.contests.get().seed
    return budget_compare(
        groups=budget_ballot_groups(budget),
        ranked=budget.ranked,
        costs={str(p.pk): p.cost for p in proposals},
        amount=budget.amount,
        points=budget.points or KRAKOW_POINTS,
        seed=seed,
    )


def budget_results_cached(budget: Budget) -> Comparison:
    """Returns :func:`budget_results`, kept in the cache once the ballots can no
    longer change (a replay, or a vote that has closed): a big city's file takes
    seconds to count by three rules."""
    phase = budget_phase(budget)
    if phase not in ("replay", "closed", "published"):
        return budget_results(budget)
    key = f"budget-results:{budget.pk}:{phase}"
    found = cache.get(key)
    if found is None:
        found = budget_results(budget)
        cache.set(key, found, timeout=RESULTS_CACHE_SECONDS)
    return found


def results_visible(budget: Budget, user) -> bool:
    """Whether ``user`` may see the count now: anyone who reaches a replay; the
    staff who run a budget once voting closed; its pupils once published."""
    phase = budget_phase(budget)
    if phase == "replay" or phase == "published":
        return True
    return phase == "closed" and budgets_managed_by(user).filter(pk=budget.pk).exists()


# Pabulib files -------------------------------------------------------------------


def budget_import_pabulib(
    *, by, school: School, content: bytes, name: str = ""
) -> Budget:
    """Creates a replay budget from a pabulib ``.pb`` file: its projects, all
    eligible, and its ballots, grouped. Ordinal files (Kraków) replay under the
    points rule, approval files under the file's rule (equal shares for
    ``equalshares...``, approvals otherwise).

    A bad file is refused naming the line at fault; nothing is written.
    """
    if not school_selectors.user_is_staff_of(by, school) or school_selectors.is_pupil(
        by
    ):
        raise Http404
    instance, ballots = _read_file(content)
    rule, points = _replay_rule(instance, ballots)
    costs = _whole_costs(instance)
    amount = _whole_budget(instance)
    with transaction.atomic():
        budget = Budget.objects.create(
            school=school,
            name=(name.strip() or _file_title(instance))[:200],
            amount=amount,
            rule=rule,
            mode=BudgetMode.REPLAY,
            points=list(points),
            source=instance.meta.get("description", "")[:300],
            created_by=by,
        )
        selected = set(pabulib.selected(instance))
        created = Proposal.objects.bulk_create(
            Proposal(
                budget=budget,
                title=(project.name or project_id)[:200],
                cost=costs[project_id],
                status=ProposalStatus.ELIGIBLE,
                external_id=project_id,
                officially_selected=project_id in selected,
            )
            for project_id, project in instance.projects.items()
        )
        pk_of = {p.external_id: p.pk for p in created}
        ReplayGroup.objects.bulk_create(
            (
                ReplayGroup(
                    budget=budget,
                    proposals=[pk_of[name] for name in names],
                    voters=voters,
                )
                for names, voters in _file_groups(instance, ballots, rule).items()
            ),
            batch_size=2000,
        )
    return budget


def _read_file(content: bytes):
    if len(content) > MAX_FILE_BYTES:
        raise _refuse("too_big", _("The file is larger than 10 MB."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(
            "not_text", _("The file is not a text file in UTF-8 (a .pb file is).")
        ) from None
    try:
        return pabulib.parse_pabulib(text)
    except FileFormatError as error:
        if error.line is None:
            raise _refuse(
                "bad_file",
                _("The file is not a .pb file: %(problem)s") % {"problem": error},
            ) from None
        raise _refuse(
            "bad_line",
            _("Line %(line)s of the file: %(problem)s")
            % {"line": error.line, "problem": _problem(error)},
        ) from None
    except VotingError as error:
        raise _refuse(
            "bad_file", _("The file cannot be read: %(problem)s") % {"problem": error}
        ) from None


def _problem(error: FileFormatError) -> str:
    # The message names the line itself; the page names it in the user's language.
    text = str(error)
    return text.split(": ", 1)[1] if text.startswith("line ") else text


def _replay_rule(instance: pabulib.Instance, ballots) -> tuple[str, tuple[int, ...]]:
    vote_type = instance.vote_type
    if vote_type == "ordinal":
        return BudgetRule.POINTS, pabulib.ordinal_points(instance, ballots)
    if vote_type in pabulib.APPROVAL_VOTE_TYPES:
        rule = instance.meta.get("rule", "")
        if rule.startswith("equalshares"):
            return BudgetRule.EQUAL_SHARES, KRAKOW_POINTS
        return BudgetRule.APPROVAL, KRAKOW_POINTS
    raise _refuse(
        "vote_type",
        _("Only files with approval or ranked (ordinal) ballots can be replayed."),
    )


def _whole_costs(instance: pabulib.Instance) -> dict[str, int]:
    costs = {}
    for project_id, project in instance.projects.items():
        if Fraction(project.cost).denominator != 1 or project.cost <= 0:
            raise _refuse(
                "cost",
                _("Project %(project)s: the cost must be a whole number of złoty.")
                % {"project": project_id},
            )
        costs[project_id] = int(project.cost)
    if not costs:
        raise _refuse("no_projects", _("The file has no projects."))
    return costs


def _whole_budget(instance: pabulib.Instance) -> int:
    budget = Fraction(instance.budget)
    if budget.denominator != 1 or not 0 < budget <= MAX_AMOUNT:
        raise _refuse(
            "amount", _("The budget in the file must be a whole number of złoty.")
        )
    return int(budget)


def _file_title(instance: pabulib.Instance) -> str:
    meta = instance.meta
    parts = [meta.get("unit", ""), meta.get("subunit", ""), meta.get("instance", "")]
    return " ".join(p for p in parts if p) or _("Imported budget")


def _file_groups(instance, ballots, rule: str) -> dict[tuple[str, ...], int]:
    if rule == BudgetRule.POINTS:
        return pabulib.ranking_groups(ballots)
    return pabulib.approval_groups(instance, ballots)


def budget_export_pabulib(*, by, budget: Budget) -> str:
    """Returns the budget as a pabulib ``.pb`` file: projects, costs, the projects
    its own rule funds as ``selected``, and one anonymous ballot per voter.

    A pupils' budget is exported once voting has closed; voter ids are plain
    numbers in the ballots' random order, so the file links no ballot to anyone.
    """
    managed_budget(by, budget)
    if budget_phase(budget) not in ("replay", "closed", "published"):
        raise _refuse("not_closed", _("The ballots can be exported after voting."))
    proposals = ballot_proposals(budget)
    groups = budget_ballot_groups(budget)
    comparison = budget_results(budget)
    funded = set(comparison.outcome(budget.rule).funded)
    votes: Counter[str] = Counter()
    for names, count in groups.items():
        for name in names:
            votes[name] += count
    instance = pabulib.Instance(
        meta=_export_meta(budget, len(proposals), sum(groups.values())),
        projects={
            str(p.pk): pabulib.Project(
                project_id=str(p.pk),
                cost=p.cost,
                name=p.title,
                extra={
                    "votes": str(votes[str(p.pk)]),
                    "selected": "1" if str(p.pk) in funded else "0",
                },
            )
            for p in proposals
        },
        budget=budget.amount,
    )
    ballots = []
    for names, count in groups.items():
        for _number in range(count):
            ballots.append(
                pabulib.Ballot(voter_id=str(len(ballots) + 1), projects=names)
            )
    return pabulib.format_pabulib(instance, ballots)


def _export_meta(budget: Budget, projects: int, voters: int) -> dict[str, str]:
    rule = {
        BudgetRule.POINTS: "greedy",
        BudgetRule.APPROVAL: "greedy",
        BudgetRule.EQUAL_SHARES: "equalshares/add1",
    }[budget.rule]
    meta = {
        "description": budget.name,
        "country": "Poland",
        "unit": budget.school.name,
        "instance": str(timezone.localtime(budget.created_at).year),
        "num_projects": str(projects),
        "num_votes": str(voters),
        "budget": str(budget.amount),
        "vote_type": "ordinal" if budget.ranked else "approval",
        "rule": rule,
        "currency": "PLN",
    }
    if budget.ranked:
        meta["max_length"] = str(POINTS_PICKS)
    return meta
