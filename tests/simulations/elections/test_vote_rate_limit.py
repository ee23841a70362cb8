"""Guessing voting codes is rate-limited per client address; typing mistakes are
not counted, so a class voting from one school network is never locked out."""

import pytest
from django.test import Client
from django.urls import reverse

from simulations.models import BallotRecord
from youth_civics import codes

from .conftest import issue_codes, open_class_election

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit(settings):
    settings.SIGNIN_RATE_LIMIT = 3
    settings.SIGNIN_RATE_WINDOW = 60
    return 3


def mistyped(code: str) -> str:
    return code[:-1] + ("0" if code[-1] != "0" else "1")


def test_too_many_unknown_codes_block_the_address_even_for_a_good_code(school_a, limit):
    election = open_class_election(school_a)
    good, _ = issue_codes(school_a, election)
    client = Client()

    for _attempt in range(limit):
        assert (
            client.post(reverse("vote"), {"code": codes.generate()}).status_code == 200
        )
    blocked = client.post(reverse("vote"), {"code": codes.generate()})
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "60"

    contest = election.contests.get()
    cast = client.post(
        reverse("vote_cast"), {"code": good, f"contest-{contest.pk}": "blank"}
    )
    assert cast.status_code == 429
    assert BallotRecord.objects.count() == 0


def test_another_address_is_not_blocked(school_a, limit):
    election = open_class_election(school_a)
    good, _ = issue_codes(school_a, election)
    guesser = Client(REMOTE_ADDR="10.0.0.66")
    for _attempt in range(limit + 1):
        guesser.post(reverse("vote"), {"code": codes.generate()})

    response = Client(REMOTE_ADDR="10.0.0.7").post(reverse("vote"), {"code": good})

    assert response.status_code == 200
    assert response.context["election"] == election


def test_mistyped_codes_do_not_count_towards_the_limit(school_a, limit):
    election = open_class_election(school_a)
    good, _ = issue_codes(school_a, election)
    client = Client()

    for _attempt in range(limit * 3):
        response = client.post(reverse("vote"), {"code": mistyped(good)})
        assert response.status_code == 200

    assert client.post(reverse("vote"), {"code": good}).context["election"] == election
