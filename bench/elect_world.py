"""A big school for the election benchmark, built as its coordinator would.

Classes, the election, its candidates, the opening and the voting codes go
through the services; only the pupils are inserted in bulk, since adding ten
thousand pupils one by one measures nothing the benchmark is about.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from school_councils import services as school_services
from school_councils.models import Classroom, Pupil, School, SchoolLevel, StaffRole
from simulations import services
from simulations.models import Election, ElectionKind

CANDIDATES = 12


@dataclass
class World:
    election: Election
    codes: list[str]
    classes: int
    seats: int


def build(*, voters: int, classes: int, seats: int) -> World:
    """Returns an open student-council election of ``voters`` pupils in
    ``classes`` classes, with one voting code per pupil issued by the service.

    Every run builds a new school beside those of earlier runs, so the database
    needs no emptying between runs.
    """
    run = secrets.token_hex(4)
    school = School.objects.create(
        name="Zespół Szkół Pomiarowych", district=1, level=SchoolLevel.SECONDARY
    )
    coordinator = school_services.staff_user_create(
        username=f"bench-coordinator-{run}",
        email=f"bench-coordinator-{run}@example.org",
        password="bench-password-1",
        school=school,
        role=StaffRole.COORDINATOR,
    )
    classrooms = _classes(coordinator, school, classes)
    _pupils(classrooms, voters, prefix=f"bench-{run}-")
    election = services.election_create(
        by=coordinator,
        school=school,
        kind=ElectionKind.STUDENT_COUNCIL,
        title="Samorząd uczniowski (pomiar)",
        classrooms=classrooms,
        seats=seats,
    )
    contest = election.contests.get()
    for pupil in Pupil.objects.filter(classroom__school=school)[:CANDIDATES]:
        services.option_add(by=coordinator, contest=contest, pupil=pupil)
    election = services.election_open(by=coordinator, election=election)
    codes = [
        issued.code
        for classroom in classrooms
        for issued in services.voting_codes_issue(
            by=coordinator, election=election, classroom=classroom
        )
    ]
    return World(election=election, codes=codes, classes=classes, seats=seats)


def _classes(coordinator, school: School, count: int) -> list[Classroom]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [
        school_services.classroom_create(
            by=coordinator,
            school=school,
            name=f"{1 + number % 5}{letters[number // 5 % 26]}{number // 130 or ''}",
            grade=1 + number % 5,
            school_year=2026,
        )
        for number in range(count)
    ]


@transaction.atomic
def _pupils(classrooms: list[Classroom], voters: int, *, prefix: str) -> None:
    User = get_user_model()
    users = []
    for number in range(voters):
        user = User(username=f"{prefix}{number}")
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=2000)
    users = User.objects.filter(username__startswith=prefix).order_by("pk")
    Pupil.objects.bulk_create(
        [
            Pupil(
                user=user,
                classroom=classrooms[number % len(classrooms)],
                pseudonym=f"Uczeń {number}",
            )
            for number, user in enumerate(users)
        ],
        batch_size=2000,
    )
