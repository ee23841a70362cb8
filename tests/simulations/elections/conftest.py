"""Elections ready to vote in, built through the services as a teacher would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from school_councils import services as school_services
from simulations import services
from simulations.models import BallotAccess, ElectionKind


def class_election(world, *, access=BallotAccess.CODES, pupils=None, **options):
    """A class-representative election in the world's class with every pupil
    standing (candidacy submitted and approved), still a draft."""
    election = services.election_create(
        by=world.teacher,
        school=world.school,
        kind=options.pop("kind", ElectionKind.CLASS_REPRESENTATIVE),
        title=options.pop("title", "Przewodniczący klasy 7b"),
        classrooms=[world.classroom],
        access=access,
        **options,
    )
    contest = election.contests.get()
    for pupil in pupils if pupils is not None else world.pupils:
        candidacy = services.candidacy_submit(
            by=world.teacher, contest=contest, pupil=pupil, manifesto="Wybierz mnie"
        )
        services.candidacy_approve(by=world.teacher, candidacy=candidacy)
    return election


def open_class_election(world, **options):
    election = class_election(world, **options)
    return services.election_open(by=world.teacher, election=election)


def option_ids(election):
    """Returns the option ids of the election's only contest, in ballot order."""
    return list(election.contests.get().options.values_list("pk", flat=True))


def ballot(election, body):
    """Returns the choices for an election with one contest."""
    return {str(election.contests.get().pk): body}


def issue_codes(world, election, classroom=None):
    issued = services.voting_codes_issue(
        by=world.teacher, election=election, classroom=classroom or world.classroom
    )
    return [item.code for item in issued]


def more_pupils(world, count):
    """Adds ``count`` pupils to the world's class and returns them all."""
    school_services.pupils_generate(
        by=world.teacher, classroom=world.classroom, count=count
    )
    return list(world.classroom.pupils.all())


def past(minutes=5):
    return timezone.now() - timedelta(minutes=minutes)


def future(minutes=60):
    return timezone.now() + timedelta(minutes=minutes)


@pytest.fixture
def coded_election(school_a):
    """An open class election voted with codes; the class has 2 pupils."""
    return open_class_election(school_a)


@pytest.fixture
def signed_in_election(school_a):
    """An open class election voted by signed-in pupils."""
    return open_class_election(school_a, access=BallotAccess.ACCOUNTS)


def cast_all(world, election, bodies, *, classroom=None):
    """Casts each ballot body with its own voting code from one class (pupils are
    added to the class as needed); returns the receipts.

    A body keyed by contest ids is the whole ballot; any other body is the ballot
    of the election's first contest.
    """
    classroom = classroom or world.classroom
    missing = len(bodies) - classroom.pupils.count()
    if missing > 0:
        school_services.pupils_generate(
            by=world.teacher, classroom=classroom, count=missing
        )
    slips = services.voting_codes_issue(
        by=world.teacher, election=election, classroom=classroom
    )
    contests = [str(c.pk) for c in election.contests.all()]
    receipts = []
    for slip, body in zip(slips, bodies, strict=False):
        choices = body if set(body) <= set(contests) and body else {contests[0]: body}
        receipts.extend(
            services.ballot_cast(election=election, code=slip.code, choices=choices)
        )
    return receipts
