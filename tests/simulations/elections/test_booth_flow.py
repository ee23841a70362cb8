"""The classroom booth: the commission unlocks it, one voter votes, the screen
clears and waits locked; nothing of the ballot can be seen again."""

import pytest
from django.test import Client
from django.urls import reverse

from simulations import selectors, services
from simulations.models import BallotRecord, BoothUnlock

from .conftest import class_election, issue_codes, option_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def election(school_a):
    election = class_election(school_a)
    return services.election_open(by=school_a.teacher, election=election)


@pytest.fixture
def tablet(school_a):
    client = Client(headers={"accept-language": "en"})
    client.cookies["django_language"] = "en"
    client.force_login(school_a.teacher)
    return client


def booth_url(election, world, action=None):
    name = f"booth_{action}" if action else "booth"
    return reverse(name, args=[election.pk, world.classroom.pk])


def no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def vote(tablet, election, world, option):
    field = f"contest-{election.contests.get().pk}"
    return tablet.post(booth_url(election, world), {field: str(option)})


def test_a_locked_booth_shows_no_ballot_and_is_not_cached(tablet, election, school_a):
    page = tablet.get(booth_url(election, school_a))

    assert page.status_code == 200
    assert no_store(page)
    assert "The booth is locked" in page.content.decode()
    assert "Cast my vote" not in page.content.decode()


def test_one_unlock_lets_one_voter_cast_one_ballot(tablet, election, school_a):
    first = option_ids(election)[0]

    unlocked = tablet.post(booth_url(election, school_a, "unlock"))
    assert unlocked.url == booth_url(election, school_a)
    ballot_page = tablet.get(booth_url(election, school_a))
    assert "Cast my vote" in ballot_page.content.decode()
    assert no_store(ballot_page)

    cast = vote(tablet, election, school_a, first)
    assert cast.status_code == 302
    assert cast.url == booth_url(election, school_a)

    (ballot,) = BallotRecord.objects.all()
    assert ballot.choices == {"mark": first}
    assert ballot.station == school_a.classroom
    assert BoothUnlock.objects.get().spent


def test_after_the_vote_the_screen_thanks_and_stays_locked(tablet, election, school_a):
    tablet.post(booth_url(election, school_a, "unlock"))
    vote(tablet, election, school_a, option_ids(election)[0])

    # Going back (or reloading) fetches the booth again: the thank-you, locked.
    again = tablet.get(booth_url(election, school_a))

    text = again.content.decode()
    assert "Thank you, your vote is cast." in text
    assert "Cast my vote" not in text
    assert no_store(again)


def test_a_second_submit_of_the_same_ballot_makes_no_second_ballot(
    tablet, election, school_a
):
    first, second = option_ids(election)
    tablet.post(booth_url(election, school_a, "unlock"))

    vote(tablet, election, school_a, first)
    repeated = vote(tablet, election, school_a, second)

    assert repeated.status_code == 302
    assert BallotRecord.objects.count() == 1


def test_an_unfilled_ballot_is_shown_again_and_the_unlock_stays(
    tablet, election, school_a
):
    tablet.post(booth_url(election, school_a, "unlock"))

    refused = tablet.post(booth_url(election, school_a), {})

    assert refused.status_code == 400
    assert "Your ballot was not cast" in refused.content.decode()
    assert no_store(refused)
    vote(tablet, election, school_a, option_ids(election)[0])
    assert BallotRecord.objects.count() == 1


def test_locking_the_booth_again_voids_the_unlock(tablet, election, school_a):
    tablet.post(booth_url(election, school_a, "unlock"))

    tablet.post(booth_url(election, school_a, "lock"))
    vote(tablet, election, school_a, option_ids(election)[0])

    assert BallotRecord.objects.count() == 0
    assert BoothUnlock.objects.get().void


def test_a_new_unlock_voids_the_unused_one(tablet, election, school_a):
    tablet.post(booth_url(election, school_a, "unlock"))
    tablet.post(booth_url(election, school_a, "unlock"))

    assert BoothUnlock.objects.filter(void=True).count() == 1
    assert BoothUnlock.objects.filter(void=False, spent=False).count() == 1


def test_booth_ballots_count_in_the_turnout_of_their_class(tablet, election, school_a):
    tablet.post(booth_url(election, school_a, "unlock"))
    vote(tablet, election, school_a, option_ids(election)[0])

    turnout = selectors.election_turnout(election)

    assert turnout.voted == 1
    assert turnout.by_classroom == {school_a.classroom.pk: 1}


def test_the_booth_stays_locked_once_the_whole_class_has_voted(
    tablet, election, school_a
):
    for _pupil in school_a.pupils:
        tablet.post(booth_url(election, school_a, "unlock"))
        vote(tablet, election, school_a, option_ids(election)[0])

    refused = tablet.post(booth_url(election, school_a, "unlock"), follow=True)

    assert "Every pupil of class 7b has already voted." in refused.content.decode()
    assert BoothUnlock.objects.filter(spent=False, void=False).count() == 0
    assert BallotRecord.objects.count() == len(school_a.pupils)


def test_reprinted_slips_leave_out_the_pupils_who_voted_at_the_booth(
    tablet, election, school_a
):
    tablet.post(booth_url(election, school_a, "unlock"))
    vote(tablet, election, school_a, option_ids(election)[0])

    slips = issue_codes(school_a, election)

    assert len(slips) == len(school_a.pupils) - 1


def test_the_booth_does_not_unlock_once_voting_has_closed(tablet, election, school_a):
    services.election_close(by=school_a.teacher, election=election)

    page = tablet.post(booth_url(election, school_a, "unlock"), follow=True)

    assert "The booth works only while voting is open." in page.content.decode()
    assert BoothUnlock.objects.count() == 0


def test_a_ballot_left_open_when_voting_closes_is_refused(tablet, election, school_a):
    tablet.post(booth_url(election, school_a, "unlock"))
    services.election_close(by=school_a.teacher, election=election)

    page = vote(tablet, election, school_a, option_ids(election)[0])

    assert page.status_code == 302
    assert BallotRecord.objects.count() == 0
    assert not BoothUnlock.objects.get().spent


def test_the_booth_works_for_elections_voted_signed_in_too(school_a, tablet):
    election = class_election(school_a, access="accounts")
    election = services.election_open(by=school_a.teacher, election=election)

    tablet.post(booth_url(election, school_a, "unlock"))
    vote(tablet, election, school_a, option_ids(election)[0])

    assert BallotRecord.objects.count() == 1
