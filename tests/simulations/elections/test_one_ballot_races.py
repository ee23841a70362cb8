"""Exactly one ballot per code and per signed-in pupil, however many try at once.

Fifty threads, each on its own database connection, cast with the same code (or as
the same pupil) at the same instant, twenty times over. PostgreSQL decides: the
conditional update spends the code for one of them, the unique participation row
admits one of them, and every other attempt rolls back with nothing written.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from simulations import services
from simulations.models import (
    BallotAccess,
    BallotRecord,
    VoterParticipation,
    VotingCode,
)

from .conftest import ballot, issue_codes, more_pupils, open_class_election, option_ids

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ATTEMPTS = 50
REPEATS = 20


def race(cast) -> list[str]:
    """Runs ``cast`` in ATTEMPTS threads released together; returns each outcome:
    ``"cast"`` or the refusal's code."""
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt():
        try:
            barrier.wait()
            cast()
            outcome = "cast"
        except ValidationError as error:
            outcome = error.code
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def class_of_twenty(school_a):
    more_pupils(school_a, REPEATS - len(school_a.pupils))
    return school_a


def test_fifty_voters_racing_with_one_code_cast_exactly_one_ballot(class_of_twenty):
    world = class_of_twenty
    election = open_class_election(world, pupils=world.pupils)
    slips = issue_codes(world, election)
    first = option_ids(election)[0]

    for code in slips[:REPEATS]:
        outcomes = race(
            lambda code=code: services.ballot_cast(
                election=election, code=code, choices=ballot(election, {"mark": first})
            )
        )
        assert outcomes.count("cast") == 1, outcomes
        assert set(outcomes) == {"cast", "spent_code"}

    assert BallotRecord.objects.count() == REPEATS
    assert VotingCode.objects.filter(spent=True).count() == REPEATS


def test_a_signed_in_pupil_voting_fifty_times_at_once_casts_one_ballot(
    class_of_twenty,
):
    world = class_of_twenty
    election = open_class_election(
        world, access=BallotAccess.ACCOUNTS, pupils=world.pupils
    )
    first = option_ids(election)[0]
    voters = list(world.classroom.pupils.all())[:REPEATS]

    for pupil in voters:
        outcomes = race(
            lambda pupil=pupil: services.ballot_cast(
                election=election,
                pupil=pupil,
                choices=ballot(election, {"mark": first}),
            )
        )
        assert outcomes.count("cast") == 1, outcomes
        assert set(outcomes) == {"cast", "already_voted"}

    assert BallotRecord.objects.count() == REPEATS
    assert VoterParticipation.objects.count() == REPEATS
