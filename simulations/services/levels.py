"""Results by level (class, school, constituency, city) and the what-if counts.

Kept apart from ``services.tally`` so that the count itself stays small: these
are read-only views of the same grouped ballots. Class and school rows follow one
privacy rule (see ``merge_small``): a unit is shown alone only with at least
``MIN_STATION_BALLOTS`` ballots, and the rest are merged into a row of at least
two units and as many ballots.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count

from school_councils.models import Classroom
from simulations.models import BallotRecord, Election
from simulations.services.ballots import contest_spec
from simulations.services.counting import BallotGroup, ContestCount, tally_votes
from simulations.services.tally import (
    LIST_PRESETS,
    MIN_STATION_BALLOTS,
    election_tally,
    station_tally,
)
from simulations.services.whatif import WhatIf, contest_whatifs

CONTEST, CLASS, SCHOOL, CONSTITUENCY, CITY = (
    "contest",
    "class",
    "school",
    "constituency",
    "city",
)
LEVELS = (CLASS, SCHOOL, CONSTITUENCY, CITY)


def merge_small(sizes: Mapping[Hashable, int]) -> tuple[list, list]:
    """Returns the units shown alone and the units merged together.

    The smallest shown units join the merged row while the smallest shown unit
    has too few ballots, or the merged row holds a single unit (its numbers would
    be that unit's, since the totals are public), or too few ballots.
    """
    shown = sorted(sizes, key=lambda key: (sizes[key], str(key)))
    merged: list = []
    while shown and (
        sizes[shown[0]] < MIN_STATION_BALLOTS
        or len(merged) == 1
        or 0 < sum(sizes[k] for k in merged) < MIN_STATION_BALLOTS
    ):
        merged.append(shown.pop(0))
    return shown, merged


@dataclass
class LevelRow:
    """One unit of a level: a class, a school, a constituency or the city.

    ``label`` is None for the merged row of small units."""

    label: str | None
    note: str
    count: ContestCount


@dataclass
class LevelTally:
    """The rows of one level: per contest for class and school, else one table
    (``contest`` None) over the whole election."""

    level: str
    tables: list[tuple[object, list[LevelRow]]] = field(default_factory=list)


def available_levels(election: Election) -> list[str]:
    """Returns the levels that say something for this election."""
    levels = [CLASS]
    contests = list(election.contests.all())
    schools = {
        c.school_id for c in _station_classrooms(election).values() if c is not None
    }
    if len(schools) > 1 or election.school_id is None:
        levels.append(SCHOOL)
    if sum(1 for c in contests if c.constituency_number) > 1:
        levels.append(CONSTITUENCY)
    if election.school_id is None or len(schools) > 1 or len(contests) > 1:
        levels.append(CITY)
    return levels


def _station_classrooms(election: Election) -> dict[int, Classroom]:
    ids = (
        BallotRecord.objects.filter(contest__election=election)
        .exclude(station=None)
        .values_list("station_id", flat=True)
        .distinct()
    )
    return Classroom.objects.select_related("school").in_bulk(list(ids))


def level_tally(*, election: Election, level: str) -> LevelTally:
    """Returns the plain numbers of ``election`` at ``level``."""
    builders = {
        CLASS: _by_class,
        SCHOOL: _by_school,
        CONSTITUENCY: _by_constituency,
        CITY: _city,
    }
    return builders[level](election)


def _by_class(election: Election) -> LevelTally:
    stations = station_tally(election=election).by_contest
    tally = LevelTally(CLASS)
    for contest in election.contests.all():
        rows = [
            LevelRow(
                s.classroom.name if s.classroom else None,
                s.classroom.school.name if s.classroom else "",
                s.count,
            )
            for s in stations.get(contest.pk, [])
        ]
        tally.tables.append((contest, rows))
    return tally


def _station_groups(election: Election) -> dict[int, dict[int | None, list]]:
    rows = (
        BallotRecord.objects.filter(contest__election=election)
        .values("contest_id", "station_id", "status", "choices")
        .annotate(n=Count("id"))
        .order_by()
    )
    grouped: dict[int, dict[int | None, list]] = defaultdict(dict)
    for row in rows:
        grouped[row["contest_id"]].setdefault(row["station_id"], []).append(
            BallotGroup(row["status"], row["choices"], row["n"])
        )
    return grouped


def _by_school(election: Election) -> LevelTally:
    classrooms = _station_classrooms(election)
    grouped = _station_groups(election)
    tally = LevelTally(SCHOOL)
    for contest in election.contests.prefetch_related("options"):
        by_school: dict[object, list[BallotGroup]] = defaultdict(list)
        for station, groups in grouped.get(contest.pk, {}).items():
            classroom = classrooms.get(station)
            key = classroom.school.name if classroom else None
            by_school[key].extend(groups)
        sizes = {k: sum(g.count for g in v) for k, v in by_school.items() if k}
        shown, merged = merge_small(sizes)
        spec = contest_spec(contest)
        rows = [LevelRow(k, "", tally_votes(spec, by_school[k])) for k in sorted(shown)]
        rest = [g for k in [*merged, None] for g in by_school.get(k, [])]
        if rest:
            rows.append(LevelRow(None, "", tally_votes(spec, rest)))
        tally.tables.append((contest, rows))
    return tally


def _by_constituency(election: Election) -> LevelTally:
    counts = election_tally(election=election).contests
    rows = [
        LevelRow(contest.name, "", count)
        for contest, count in zip(election.contests.all(), counts, strict=True)
    ]
    return LevelTally(CONSTITUENCY, [(None, rows)])


def _city(election: Election) -> LevelTally:
    """All contests added up by option name: a list's votes over every
    constituency, or every school's candidates side by side."""
    counts = election_tally(election=election).contests
    total = ContestCount(spec=counts[0].spec) if counts else None
    for count in counts:
        total.valid += count.valid
        total.blank += count.blank
        total.spoiled += count.spoiled
        for name, votes in count.votes.items():
            total.votes[name] = total.votes.get(name, 0) + votes
    rows = [LevelRow(election.title, "", total)] if total else []
    return LevelTally(CITY, [(None, rows)])


def election_whatif(*, election: Election) -> list[WhatIf]:
    """Returns the ballots of ``election`` counted under other methods."""
    contests = list(election.contests.prefetch_related("options"))
    rows = (
        BallotRecord.objects.filter(contest__election=election)
        .values("contest_id", "status", "choices")
        .annotate(n=Count("id"))
        .order_by()
    )
    groups: dict[int, list[BallotGroup]] = defaultdict(list)
    for row in rows:
        groups[row["contest_id"]].append(
            BallotGroup(row["status"], row["choices"], row["n"])
        )
    return contest_whatifs(
        [contest_spec(c) for c in contests],
        groups,
        [c.pk for c in contests],
        preset=election.kind if election.kind in LIST_PRESETS else None,
        title=election.title,
    )
