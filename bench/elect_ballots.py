"""A mock Sejm election with a million stored ballots, for the tally benchmark.

The election, its constituencies, lists and candidates are made by the services,
as a teacher would; the ballots are then written straight into the table with
PostgreSQL's COPY, in the shape ``ballot_cast`` stores (canonical choices, a
20-character tracker of the codes' alphabet, the class as the polling station).
Casting a million ballots one by one would measure the casting, not the count.
"""

from __future__ import annotations

import base64
import json
import random
import secrets
import uuid
from dataclasses import dataclass

from school_councils import services as school_services
from school_councils.models import School, SchoolLevel, StaffRole
from simulations import services
from simulations.models import BallotRecord, Contest, Election, ElectionKind, Option
from youth_civics import codes

# Małopolska's constituencies: Chrzanów, Kraków, Nowy Sącz, Tarnów.
CONSTITUENCIES = (12, 13, 14, 15)
LISTS = (
    ("Komitet Zielonej Szkoły", "party", 34),
    ("Koalicja Samorządna", "coalition", 28),
    ("Ruch Uczniowski", "party", 17),
    ("Lewica Szkolna", "party", 9),
    ("Porozumienie Klas", "coalition", 7),
    ("Mniejszość Śląska", "minority", 2),
    ("Partia Przerw", "party", 3),
)
CANDIDATES_PER_LIST = 12
BLANK_SHARE = 0.012
SPOILED_SHARE = 0.008
# Base32's alphabet (A-Z, 2-7) mapped onto the codes' (Crockford's) alphabet.
TO_CODES = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", codes.ALPHABET.encode("ascii")
)


@dataclass
class SejmWorld:
    election: Election
    coordinator: object
    contests: list[Contest]
    stations: dict[int, list[int]]  # contest id: its classes


def build() -> SejmWorld:
    """Returns a draft mock Sejm election in four constituencies, each voted by
    two classes, with seven lists of twelve candidates in each."""
    run = secrets.token_hex(4)
    school = School.objects.create(
        name=f"Liceum Pomiarowe {run}", district=1, level=SchoolLevel.SECONDARY
    )
    coordinator = school_services.staff_user_create(
        username=f"bench-sejm-{run}",
        email=f"bench-sejm-{run}@example.org",
        password="bench-password-1",
        school=school,
        role=StaffRole.COORDINATOR,
    )
    classes = [
        school_services.classroom_create(
            by=coordinator,
            school=school,
            name=f"{grade}{letter}",
            grade=grade,
            school_year=2026,
        )
        for grade in (1, 2, 3, 4)
        for letter in "ab"
    ]
    election = services.election_create(
        by=coordinator,
        school=school,
        kind=ElectionKind.SEJM,
        title="Wybory do Sejmu (pomiar)",
        classrooms=classes,
        constituencies=list(CONSTITUENCIES),
    )
    contests = list(election.contests.order_by("position"))
    stations = _constituencies(coordinator, election, contests, classes)
    for contest in contests:
        _lists(coordinator, contest)
    return SejmWorld(election, coordinator, contests, stations)


def _constituencies(coordinator, election, contests, classes) -> dict[int, list[int]]:
    stations: dict[int, list[int]] = {contest.pk: [] for contest in contests}
    rows = election.electorate.select_related("classroom").order_by("classroom__name")
    for number, row in enumerate(rows):
        contest = contests[number % len(contests)]
        services.electorate_assign(by=coordinator, row=row, contest=contest)
        stations[contest.pk].append(row.classroom_id)
    return stations


def _lists(coordinator, contest: Contest) -> None:
    for name, kind, _weight in LISTS:
        party_list = services.option_add(
            by=coordinator, contest=contest, name=name, list_kind=kind
        )
        for number in range(1, CANDIDATES_PER_LIST + 1):
            services.option_add(
                by=coordinator,
                contest=contest,
                name=f"Kandydat {number} ({name})",
                party_list=party_list,
            )


def ballot_kinds(world: SejmWorld) -> list[tuple[int, str, str, float]]:
    """Returns every distinct ballot as (contest, status, choices JSON, weight):
    lists by their popularity, the first names on a list the most marked."""
    kinds = []
    for contest in world.contests:
        options = Option.objects.filter(contest=contest)
        lists = {o.name: o for o in options if o.party_list_id is None}
        for name, _kind, weight in LISTS:
            party_list = lists[name]
            candidates = sorted(
                (o for o in options if o.party_list_id == party_list.pk),
                key=lambda o: o.position,
            )
            for place, candidate in enumerate(candidates, start=1):
                choices = {"candidate": candidate.pk, "list": party_list.pk}
                share = weight * (1 - BLANK_SHARE - SPOILED_SHARE) / place
                kinds.append((contest.pk, "valid", json.dumps(choices), share))
        kinds.append((contest.pk, "blank", "{}", 100 * BLANK_SHARE))
        kinds.append((contest.pk, "spoiled", "{}", 100 * SPOILED_SHARE))
    return kinds


def trackers(rng: random.Random, count: int) -> list[str]:
    """Returns ``count`` random 100-bit trackers in the codes' alphabet."""
    return [
        base64.b32encode(rng.randbytes(13))[:20].translate(TO_CODES).decode("ascii")
        for _ in range(count)
    ]


def insert(world: SejmWorld, count: int, *, batch: int = 100_000) -> None:
    """Writes ``count`` ballots with COPY, in batches of ``batch`` rows; each run
    draws new trackers, as trackers are unique across the table."""
    from django.db import connection, transaction

    rng = random.Random(secrets.randbits(64))
    kinds = ballot_kinds(world)
    weights = [kind[3] for kind in kinds]
    table = BallotRecord._meta.db_table
    sql = (
        f"COPY {table} (id, contest_id, status, choices, tracker, station_id) "
        "FROM STDIN"
    )
    written = 0
    while written < count:
        size = min(batch, count - written)
        chosen = rng.choices(kinds, weights, k=size)
        with transaction.atomic(), connection.cursor() as cursor:
            _copy(
                cursor, sql, rng, world, zip(chosen, trackers(rng, size), strict=True)
            )
        written += size
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")


def _copy(cursor, sql: str, rng: random.Random, world: SejmWorld, rows) -> None:
    with cursor.cursor.copy(sql) as copy:
        for (contest, status, choices, _weight), tracker in rows:
            key = uuid.UUID(int=rng.getrandbits(128), version=4)
            station = rng.choice(world.stations[contest])
            copy.write_row((key, contest, status, choices, tracker, station))
