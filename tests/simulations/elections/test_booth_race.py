"""One booth unlock gives at most one ballot, however many submits race.

Fifty threads, each on its own database connection, cast with the same unlock
at the same instant, ten times over: the conditional update spends the unlock
for one of them, every other attempt rolls back with nothing written.
"""

import pytest
from django.db import connections

from simulations import services
from simulations.models import BallotRecord, BoothUnlock

from .conftest import ballot, more_pupils, open_class_election, option_ids
from .test_one_ballot_races import race

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

REPEATS = 10


def test_fifty_submits_with_one_unlock_cast_exactly_one_ballot(school_a):
    more_pupils(school_a, REPEATS)
    election = open_class_election(school_a, pupils=school_a.pupils)
    first = option_ids(election)[0]

    for _repeat in range(REPEATS):
        token = services.booth_unlock(
            by=school_a.teacher, election=election, classroom=school_a.classroom
        )
        unlock = services.booth_unlock_find(
            election=election, classroom=school_a.classroom, token=token
        )

        outcomes = race(
            lambda unlock=unlock: services.ballot_cast(
                election=election,
                unlock=unlock,
                choices=ballot(election, {"mark": first}),
            )
        )

        assert outcomes.count("cast") == 1, outcomes
        assert set(outcomes) == {"cast", "booth_locked"}
    connections.close_all()
    assert BallotRecord.objects.count() == REPEATS
    assert BoothUnlock.objects.filter(spent=True).count() == REPEATS
