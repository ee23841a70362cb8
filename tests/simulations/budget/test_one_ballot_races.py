"""Exactly one budget ballot per code and per signed-in pupil, however many try at
once: the elections' conditional update and unique participation row decide, on
PostgreSQL, each in the ballot's transaction."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from simulations.models import (
    BallotAccess,
    BallotRecord,
    VoterParticipation,
    VotingCode,
)
from simulations.services import budget as services

from .conftest import codes_for, more_pupils, open_budget

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ATTEMPTS = 30
REPEATS = 5


def race(cast) -> list[str]:
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


def test_racing_with_one_code_casts_exactly_one_budget_ballot(school_a):
    more_pupils(school_a, REPEATS - len(school_a.pupils))
    budget, proposals = open_budget(school_a)
    picks = [proposals["Boisko"].pk, proposals["Kwiaty"].pk]

    for code in codes_for(school_a, budget)[:REPEATS]:
        outcomes = race(
            lambda code=code: services.budget_ballot_cast(
                budget=budget, picks=picks, code=code
            )
        )
        assert outcomes.count("cast") == 1, outcomes
        assert set(outcomes) == {"cast", "spent_code"}

    assert BallotRecord.objects.count() == REPEATS
    assert VotingCode.objects.filter(spent=True).count() == REPEATS


def test_racing_as_one_signed_in_pupil_casts_exactly_one_budget_ballot(school_a):
    budget, proposals = open_budget(school_a, access=BallotAccess.ACCOUNTS)
    picks = [proposals["Ławki"].pk]

    for pupil in school_a.pupils:
        outcomes = race(
            lambda pupil=pupil: services.budget_ballot_cast(
                budget=budget, picks=picks, pupil=pupil
            )
        )
        assert outcomes.count("cast") == 1, outcomes
        assert set(outcomes) == {"cast", "already_voted"}

    assert BallotRecord.objects.count() == len(school_a.pupils)
    assert VoterParticipation.objects.count() == len(school_a.pupils)
