"""A cast from the ballot page reads the code and the contests once, and the
code found a moment earlier still gives at most one ballot."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simulations import selectors, services
from simulations.models import BallotRecord, VotingCode

from .conftest import ballot, issue_codes, option_ids

pytestmark = pytest.mark.django_db

# The code, the voter's contests and their options (four statements), the shared
# lock on the election with its state, spending the code, the ballot, and the
# transaction around them: ten, with two to spare. Reading the code and the
# contests again in the service made it sixteen.
CAST_QUERIES = 12


def found_with_contests(election, code):
    found = services.voting_code_usable(code)
    return found, selectors.voter_contests(election, found.classroom)


def test_a_code_looked_up_by_the_page_casts_with_the_contests_it_read(
    school_a, coded_election
):
    code, _ = issue_codes(school_a, coded_election)
    found, contests = found_with_contests(coded_election, code)
    first, _second = option_ids(coded_election)

    with CaptureQueriesContext(connection) as queries:
        (receipt,) = services.ballot_cast(
            election=coded_election,
            code=found,
            contests=contests,
            choices=ballot(coded_election, {"mark": first}),
        )

    assert BallotRecord.objects.get().tracker == receipt.tracker
    assert VotingCode.objects.get(pk=found.pk).spent
    statements = " ".join(q["sql"] for q in queries.captured_queries)
    # The code is spent (an UPDATE) but not looked up again, nor the options.
    assert 'UPDATE "simulations_votingcode"' in statements
    assert 'FROM "simulations_votingcode"' not in statements
    assert "simulations_option" not in statements


def test_a_code_spent_in_another_tab_after_the_page_found_it_gives_no_ballot(
    school_a, coded_election
):
    code, _ = issue_codes(school_a, coded_election)
    found, contests = found_with_contests(coded_election, code)
    choices = ballot(coded_election, {"blank": True})
    services.ballot_cast(election=coded_election, code=code, choices=choices)

    with pytest.raises(ValidationError) as caught:
        services.ballot_cast(
            election=coded_election, code=found, contests=contests, choices=choices
        )

    assert caught.value.code == "spent_code"
    assert BallotRecord.objects.count() == 1


def test_a_code_found_before_the_election_closed_gives_no_ballot_after(
    school_a, coded_election
):
    code, _ = issue_codes(school_a, coded_election)
    found, contests = found_with_contests(coded_election, code)
    services.election_close(by=school_a.teacher, election=coded_election)

    with pytest.raises(ValidationError) as caught:
        services.ballot_cast(
            election=coded_election,
            code=found,
            contests=contests,
            choices=ballot(coded_election, {"blank": True}),
        )

    assert caught.value.code == "closed"
    assert BallotRecord.objects.count() == 0
    assert not VotingCode.objects.get(pk=found.pk).spent


def test_a_code_of_another_election_is_refused_even_when_already_found(
    school_a, coded_election
):
    from .conftest import open_class_election

    other = open_class_election(school_a, title="Inne wybory")
    code, _ = issue_codes(school_a, other)
    found, contests = found_with_contests(other, code)

    with pytest.raises(ValidationError) as caught:
        services.ballot_cast(
            election=coded_election,
            code=found,
            contests=contests,
            choices=ballot(coded_election, {"blank": True}),
        )

    assert caught.value.code == "other_election"
    assert BallotRecord.objects.count() == 0


def test_casting_from_the_ballot_page_reads_each_thing_once(school_a, coded_election):
    code, _ = issue_codes(school_a, coded_election)
    contest = coded_election.contests.get()
    first, _second = option_ids(coded_election)
    pupil = Client(headers={"accept-language": "en"})

    with CaptureQueriesContext(connection) as queries:
        response = pupil.post(
            reverse("vote_cast"), {"code": code, f"contest-{contest.pk}": str(first)}
        )

    assert response.status_code == 200
    assert BallotRecord.objects.get().choices == {"mark": first}
    assert len(queries.captured_queries) <= CAST_QUERIES, [
        q["sql"][:120] for q in queries.captured_queries
    ]
