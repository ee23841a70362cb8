"""Counting an election: the database groups the ballots, the methods count them.

``GROUP BY contest, status, choices`` turns a thousand ballots into a few dozen
distinct ones with their numbers, so the count reads little and the voting
methods (which take ballots with a ``count``) do the rest.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from school_councils.models import Classroom
from simulations import selectors
from simulations.models import BallotRecord, Contest, Election
from simulations.services.ballots import contest_spec
from simulations.services.counting import (
    NO_VALID_VOTES,
    BallotGroup,
    ContestCount,
    count_contest,
    count_list_preset,
    tally_votes,
)
from simulations.services.polling import paper_groups
from simulations.voting import Result, VotingError

LIST_PRESETS = frozenset({"sejm", "krakow_council", "european_parliament"})
# A class's own numbers are shown only when at least this many voted there, so a
# class where two pupils voted does not show how each of them voted.
MIN_STATION_BALLOTS = 5


@dataclass
class ElectionTally:
    """Every contest's count; ``combined`` for a mock election counted as a
    whole (thresholds over all its constituencies), else None."""

    election: Election
    contests: list[ContestCount]
    combined: Result | None = None
    problem: str | None = None


def _groups(ballots) -> dict[int, list[BallotGroup]]:
    rows = (
        ballots.values("contest_id", "status", "choices")
        .annotate(n=Count("id"))
        .order_by()
    )
    groups: dict[int, list[BallotGroup]] = defaultdict(list)
    for row in rows:
        groups[row["contest_id"]].append(
            BallotGroup(row["status"], row["choices"], row["n"])
        )
    return groups


def _eligible(election: Election) -> int:
    # The turnout's electorate: the classes', plus the voters of named paper
    # stations.
    return selectors.election_turnout(election).eligible


def _with_paper(groups, contests) -> dict[int, list[BallotGroup]]:
    """Adds the paper protocols' ballots to the online ones, as groups: paper
    ballots are counted like any other, and never become rows."""
    for contest_id, paper in paper_groups(contests).items():
        groups[contest_id] = [*groups.get(contest_id, []), *(g for _s, g in paper)]
    return groups


def _contests(election: Election) -> list[Contest]:
    return list(election.contests.prefetch_related("options"))


def election_tally(*, election: Election) -> ElectionTally:
    """Returns the count of every contest of ``election`` from its ballots."""
    contests = _contests(election)
    groups = _with_paper(
        _groups(BallotRecord.objects.filter(contest__election=election)), contests
    )
    eligible = _eligible(election)
    specs = [contest_spec(c, eligible=eligible) for c in contests]
    if election.kind in LIST_PRESETS:
        return _list_preset(election, contests, specs, groups)
    first_round = _first_round(election)
    counts = [
        count_contest(spec, groups.get(contest.pk, []), first_round=first_round)
        for contest, spec in zip(contests, specs, strict=True)
    ]
    return ElectionTally(election=election, contests=counts)


def _first_round(election: Election):
    if election.first_round_id is None:
        return None
    first = election.first_round
    (contest,) = _contests(first)
    groups = _with_paper(
        _groups(BallotRecord.objects.filter(contest=contest)), [contest]
    )
    return contest_spec(contest), groups.get(contest.pk, [])


def _list_preset(election, contests, specs, groups) -> ElectionTally:
    counts = [
        tally_votes(spec, groups.get(contest.pk, []))
        for contest, spec in zip(contests, specs, strict=True)
    ]
    tally = ElectionTally(election=election, contests=counts)
    if not any(count.valid for count in counts):
        tally.problem = NO_VALID_VOTES
        return tally
    try:
        tally.combined = count_list_preset(election.kind, counts, seed=contests[0].seed)
    except VotingError as error:
        tally.problem = str(error)
    return tally


@dataclass
class StationCount:
    """One class's plain numbers in one contest (no method run)."""

    classroom: Classroom | None
    count: ContestCount


@dataclass
class StationTally:
    """Per contest, the classes with enough ballots to show, and the rest merged."""

    by_contest: dict[int, list[StationCount]] = field(default_factory=dict)


def station_tally(*, election: Election) -> StationTally:
    """Returns the votes per class in each contest.

    A class is shown alone only with at least ``MIN_STATION_BALLOTS`` ballots;
    the others are merged into one row (``classroom`` None). Since the totals are
    public, a merged row that held a single class, or too few ballots, would give
    that class away: the smallest shown classes join it until it holds at least
    two classes and enough ballots, or every class.
    """
    rows = (
        BallotRecord.objects.filter(contest__election=election)
        .values("contest_id", "station_id", "status", "choices")
        .annotate(n=Count("id"))
        .order_by()
    )
    grouped: dict[int, dict[int | None, list[BallotGroup]]] = defaultdict(dict)
    for row in rows:
        stations = grouped[row["contest_id"]]
        stations.setdefault(row["station_id"], []).append(
            BallotGroup(row["status"], row["choices"], row["n"])
        )
    contests = _contests(election)
    # A class's paper protocol counts in its class; a named station's joins the
    # merged row, whatever its size.
    for contest_id, paper in paper_groups(contests).items():
        for station_id, group in paper:
            grouped[contest_id].setdefault(station_id, []).append(group)
    station_ids = {s for stations in grouped.values() for s in stations if s}
    classrooms = Classroom.objects.select_related("school").in_bulk(station_ids)
    tally = StationTally()
    for contest in contests:
        stations = grouped.get(contest.pk, {})
        tally.by_contest[contest.pk] = _stations(contest, stations, classrooms)
    return tally


def _size(groups: list[BallotGroup]) -> int:
    return sum(group.count for group in groups)


def _stations(contest, stations, classrooms) -> list[StationCount]:
    shown = sorted(
        (s for s in stations if s is not None and s in classrooms),
        key=lambda s: _size(stations[s]),
    )
    merged = [s for s in stations if s not in shown]
    while shown and (
        any(_size(stations[s]) < MIN_STATION_BALLOTS for s in shown[:1])
        or len(merged) == 1
        or 0 < sum(_size(stations[s]) for s in merged) < MIN_STATION_BALLOTS
    ):
        merged.append(shown.pop(0))
    spec = contest_spec(contest)
    result = [
        StationCount(classrooms[s], tally_votes(spec, stations[s])) for s in shown
    ]
    result.sort(
        key=lambda r: (r.classroom.school.name, r.classroom.grade, r.classroom.name)
    )
    if merged:
        groups = [g for s in merged for g in stations[s]]
        result.append(StationCount(None, tally_votes(spec, groups)))
    return result
