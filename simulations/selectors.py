"""Reads of elections, scoped to what a user may see.

Pages, the API and services start from these, so another school's election is not
found (404), never forbidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from school_councils import selectors as school_selectors
from school_councils.models import Classroom, Pupil
from simulations.models import (
    BallotAccess,
    BallotRecord,
    BoothUnlock,
    Contest,
    Election,
    ElectionKind,
    ElectionState,
    Electorate,
    PaperProtocol,
    VoterParticipation,
    VotingCode,
)


def elections_managed_by(user) -> QuerySet[Election]:
    """Returns the elections a user runs, without those behind a participatory
    budget (their pages are the budget's own, see ``services.budget``)."""
    return elections_run_by(user).filter(budget__isnull=True)


def elections_run_by(user) -> QuerySet[Election]:
    """Returns the elections a user runs, a budget's vote included.

    City coordinators run every election; a school's coordinator, every election
    of the school; a teacher, the ones they created in a school they still belong
    to. Pupils and strangers run none.
    """
    elections = Election.objects.select_related("school")
    if school_selectors.is_city_coordinator(user):
        return elections
    if not user.is_authenticated or school_selectors.is_pupil(user):
        return elections.none()
    coordinated = school_selectors.schools_coordinated_by(user)
    member_of = school_selectors.schools_for_user(user)
    return elections.filter(
        Q(school__in=coordinated) | Q(created_by=user, school__in=member_of)
    ).distinct()


def user_manages(user, election: Election) -> bool:
    return elections_run_by(user).filter(pk=election.pk).exists()


def electorate_rows_for(election: Election, classroom: Classroom) -> QuerySet:
    """The electorate rows that let the pupils of ``classroom`` vote."""
    return Electorate.objects.filter(election=election).filter(
        Q(classroom=classroom) | Q(school_id=classroom.school_id)
    )


def elections_for_pupil(pupil: Pupil) -> QuerySet[Election]:
    """Returns the elections a pupil's class takes part in, open or not."""
    classroom = pupil.classroom
    return (
        Election.objects.filter(
            Q(electorate__classroom=classroom)
            | Q(electorate__school_id=classroom.school_id)
        )
        .exclude(state=ElectionState.DRAFT)
        .filter(budget__isnull=True)
        .distinct()
    )


def ballot_open_for_pupil(pupil: Pupil) -> QuerySet[Election]:
    """Open elections a signed-in pupil can still vote in."""
    voted = VoterParticipation.objects.filter(pupil=pupil).values("election_id")
    now = timezone.now()
    return (
        elections_for_pupil(pupil)
        .filter(state=ElectionState.OPEN, access=BallotAccess.ACCOUNTS)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .exclude(pk__in=voted)
    )


def voter_contests(election: Election, classroom: Classroom) -> list[Contest]:
    """Returns the contests on the ballot of a voter from ``classroom``.

    A contest some electorate row names is a constituency: only the voters of
    those rows get it. Every other contest is on every voter's ballot.
    """
    rows = electorate_rows_for(election, classroom)
    mine = {row.contest_id for row in rows if row.contest_id}
    constituencies = set(
        Electorate.objects.filter(election=election, contest__isnull=False).values_list(
            "contest_id", flat=True
        )
    )
    return [
        contest
        for contest in election.contests.prefetch_related("options")
        if contest.pk in mine or contest.pk not in constituencies
    ]


def eligible_pupils(election: Election) -> QuerySet[Pupil]:
    """Pupils of the electorate's classes and schools, now."""
    rows = Electorate.objects.filter(election=election)
    return Pupil.objects.filter(
        Q(classroom__in=rows.exclude(classroom=None).values("classroom"))
        | Q(classroom__school__in=rows.exclude(school=None).values("school"))
    )


def electorate_classrooms(election: Election) -> QuerySet[Classroom]:
    """Every class whose pupils may vote (those of whole schools included)."""
    rows = Electorate.objects.filter(election=election)
    return (
        Classroom.objects.filter(
            Q(pk__in=rows.exclude(classroom=None).values("classroom"))
            | Q(school__in=rows.exclude(school=None).values("school"))
        )
        .select_related("school")
        .order_by("school__name", "grade", "name")
    )


@dataclass(frozen=True)
class Turnout:
    """How many voted out of how many may; per class too, and per named polling
    station of the paper protocols (``by_station``: name → (voted, eligible))."""

    eligible: int
    voted: int
    by_classroom: dict[int, int]
    by_station: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def percent(self) -> float | None:
        return 100 * self.voted / self.eligible if self.eligible else None


def election_turnout(election: Election) -> Turnout:
    """Returns the turnout: spent codes, signed-in participations, booth ballots
    and the ballots issued at paper stations (a class's paper voters count in
    their class; a named station adds its own voters to the electorate)."""
    codes = (
        VotingCode.objects.filter(election=election, spent=True)
        .values("classroom_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    signed_in = (
        VoterParticipation.objects.filter(election=election)
        .values("classroom_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    booth = (
        BoothUnlock.objects.filter(election=election, spent=True)
        .values(classroom_id=F("station_id"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_classroom: dict[int, int] = {}
    for row in [*codes, *signed_in, *booth, *_paper_classes(election)]:
        key = row["classroom_id"]
        by_classroom[key] = by_classroom.get(key, 0) + row["n"]
    stations = _paper_stations(election)
    eligible = election.eligible_count
    if eligible is None:
        eligible = eligible_pupils(election).count()
    eligible += sum(entitled for _voted, entitled in stations.values())
    voted = sum(by_classroom.values()) + sum(v for v, _e in stations.values())
    return Turnout(eligible, voted, by_classroom, stations)


def _paper_classes(election: Election):
    # A voter takes one ballot in each contest: a class's paper voters are the
    # most ballots issued in any one of its protocols.
    return (
        PaperProtocol.objects.filter(election=election, station__isnull=False)
        .values(classroom_id=F("station_id"))
        .annotate(n=Max("issued"))
        .order_by()
    )


def _paper_stations(election: Election) -> dict[str, tuple[int, int]]:
    rows = (
        PaperProtocol.objects.filter(election=election, station__isnull=True)
        .values("station_name")
        .annotate(voted=Max("issued"), entitled=Max("eligible"))
        .order_by("station_name")
    )
    return {row["station_name"]: (row["voted"], row["entitled"]) for row in rows}


def results_are_public(election: Election) -> bool:
    return election.state == ElectionState.PUBLISHED


def published_ballots(election: Election) -> QuerySet[BallotRecord]:
    """The ballot list of a published election, in tracker (random) order.

    Empty until the results are published.
    """
    if not results_are_public(election):
        return BallotRecord.objects.none()
    return BallotRecord.objects.filter(contest__election=election).order_by(
        "contest__position", "contest_id", "tracker"
    )


def published_elections() -> QuerySet[Election]:
    return Election.objects.filter(state=ElectionState.PUBLISHED, budget__isnull=True)


def is_constituency(contest: Contest) -> bool:
    """Whether some electorate row names ``contest``: then only those rows' voters
    get it on their ballot."""
    return Electorate.objects.filter(contest=contest).exists()


def votes_in_contest(contest: Contest, classroom: Classroom) -> bool:
    """Whether the pupils of ``classroom`` have ``contest`` on their ballot."""
    rows = electorate_rows_for(contest.election, classroom)
    if is_constituency(contest):
        return rows.filter(contest=contest).exists()
    return rows.exists()


def contest_voters(contest: Contest) -> QuerySet[Pupil]:
    """Pupils who have ``contest`` on their ballot, now (so who may stand in it)."""
    if not is_constituency(contest):
        return eligible_pupils(contest.election)
    rows = Electorate.objects.filter(contest=contest)
    return Pupil.objects.filter(
        Q(classroom__in=rows.exclude(classroom=None).values("classroom"))
        | Q(classroom__school__in=rows.exclude(school=None).values("school"))
    )


def contests_open_for_candidacy(pupil: Pupil) -> list[Contest]:
    """Contests of draft elections a pupil may stand in: on their ballot, counted
    by a method where pupils stand on their own (not lists, not referendums)."""
    from simulations.services.rules import LIST_METHODS

    classroom = pupil.classroom
    drafts = (
        Election.objects.filter(state=ElectionState.DRAFT, budget__isnull=True)
        .filter(
            Q(electorate__classroom=classroom)
            | Q(electorate__school_id=classroom.school_id)
        )
        .distinct()
    )
    contests = (
        Contest.objects.filter(election__in=drafts)
        .exclude(method__in=[*LIST_METHODS, "referendum"])
        .select_related("election", "election__school")
        .order_by("election__created_at", "election_id", "position", "pk")
    )
    return [c for c in contests if votes_in_contest(c, classroom)]


def city_council_parts_for(user) -> QuerySet[Contest]:
    """Returns the contests of city youth councils held for the user's schools:
    each school's seat, seen by that school's staff (every one by a city
    coordinator). Pupils and strangers see none."""
    contests = Contest.objects.filter(election__kind=ElectionKind.CITY_YOUTH_COUNCIL)
    if school_selectors.is_city_coordinator(user):
        return contests
    if not user.is_authenticated or school_selectors.is_pupil(user):
        return contests.none()
    schools = school_selectors.schools_for_user(user)
    return contests.filter(electorate__school__in=schools).distinct()
