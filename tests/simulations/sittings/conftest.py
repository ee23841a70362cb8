"""Councils with members, and sittings ready to vote in, built through the
services as a teacher and a chair would."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from school_councils import councils
from school_councils import services as school_services
from school_councils.models import Council, CouncilKind, SeatRole
from simulations.models import Sitting
from simulations.services import sittings as services

TERM = {"term_start": datetime.date(2026, 9, 1), "term_end": datetime.date(2027, 6, 30)}


@dataclass
class CouncilWorld:
    world: object
    council: Council
    seats: list
    sitting: Sitting | None = None

    @property
    def chair(self):
        return self.world.coordinator

    def member(self, index: int):
        return self.seats[index].pupil.user


def student_council(world, *, members: int = 5, seats: int = 5, term_number=1):
    """A student council of ``seats`` statutory seats with ``members`` pupils
    seated (the first one as chair)."""
    missing = members - world.classroom.pupils.count()
    if missing > 0:
        school_services.pupils_generate(
            by=world.teacher, classroom=world.classroom, count=missing
        )
    council = councils.council_create(
        by=world.coordinator,
        kind=CouncilKind.STUDENT_COUNCIL,
        name="Samorząd Uczniowski",
        school=world.school,
        statutory_seats=seats,
        term_number=term_number,
        **TERM,
    )
    pupils = list(world.classroom.pupils.order_by("pk"))[:members]
    placed = [
        councils.seat_add(
            by=world.coordinator,
            council=council,
            pupil=pupil,
            role=SeatRole.CHAIR if i == 0 else SeatRole.MEMBER,
        )
        for i, pupil in enumerate(pupils)
    ]
    return CouncilWorld(world, council, placed)


def open_sitting(cw: CouncilWorld, *, present: int | None = None) -> CouncilWorld:
    """Plans and opens a sitting with an agenda item; ``present`` members (all by
    default) mark themselves present."""
    sitting = services.sitting_create(
        by=cw.chair,
        council=cw.council,
        title="Sesja I",
        scheduled_for=datetime.date(2026, 10, 1),
    )
    services.agenda_item_add(by=cw.chair, sitting=sitting, title="Regulamin")
    services.sitting_open(by=cw.chair, sitting=sitting)
    for seat in cw.seats[: len(cw.seats) if present is None else present]:
        services.attendance_mark(by=seat.pupil.user, sitting=sitting, present=True)
    cw.sitting = Sitting.objects.get(pk=sitting.pk)
    return cw


def vote_all(cw: CouncilWorld, vote, choices: list[str]) -> None:
    """The first ``len(choices)`` members vote, in order."""
    for seat, choice in zip(cw.seats, choices, strict=False):
        services.vote_cast(by=seat.pupil.user, vote=vote, choice=choice)


@pytest.fixture
def council_a(school_a) -> CouncilWorld:
    return student_council(school_a)


@pytest.fixture
def sitting_a(council_a) -> CouncilWorld:
    return open_sitting(council_a)
