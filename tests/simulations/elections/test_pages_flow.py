"""The whole election through the pages: a teacher sets it up and prints the slips,
pupils vote with the codes and keep their trackers, the teacher closes and
publishes, and each pupil finds their ballot in the published list."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from simulations.models import BallotAccess, BallotRecord, Election, ElectionState
from tests.school_councils.test_cards_pdf import page_count, pdf_text

from .conftest import open_class_election, option_ids

pytestmark = pytest.mark.django_db

SLIP_CODE = re.compile(r"\(([0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5})\) Tj")


def english_client(user=None):
    """A browser asking for English pages, so tests can read the messages."""
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def staff_client(user):
    return english_client(user)


def printed_codes(document: bytes) -> list[str]:
    from tests.school_councils.test_cards_pdf import streams

    text = b"\n".join(streams(document)).decode("latin-1")
    return SLIP_CODE.findall(text)


def create_through_the_form(client, world, **overrides):
    data = {
        "kind": "class_representative",
        "title": "Class 7b representative",
        "classrooms": [world.classroom.pk],
        "seats": "",
        "access": "codes",
        "opens_at": "",
        "closes_at": "",
        "results_not_before": "",
        **overrides,
    }
    response = client.post(reverse("election_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Election.objects.latest("created_at")


def test_a_teacher_runs_a_class_election_from_creation_to_published_results(
    school_a,
):
    teacher = staff_client(school_a.teacher)
    election = create_through_the_form(teacher, school_a)
    candidates = reverse("election_candidates", args=[election.pk])

    response = teacher.post(candidates, {"pupils": [p.pk for p in school_a.pupils]})
    assert response.status_code == 302
    assert election.contests.get().options.count() == 2
    teacher.post(reverse("election_open", args=[election.pk]))
    election.refresh_from_db()
    assert election.state == ElectionState.OPEN

    slips = teacher.post(
        reverse("election_slips", args=[election.pk, school_a.classroom.pk])
    )
    assert slips["Content-Type"] == "application/pdf"
    assert "no-store" in slips["Cache-Control"]
    codes = printed_codes(slips.content)
    assert len(codes) == 2
    assert page_count(slips.content) == 1
    assert "Class 7b representative" in pdf_text(slips.content)

    first, _ = option_ids(election)
    contest = election.contests.get()
    trackers = []
    for code, choice in zip(codes, (first, first), strict=True):
        pupil = english_client()
        ballot = pupil.post(reverse("vote"), {"code": code})
        assert ballot.status_code == 200
        assert "Bystry Bóbr" in ballot.content.decode()
        receipt = pupil.post(
            reverse("vote_cast"), {"code": code, f"contest-{contest.pk}": str(choice)}
        )
        assert receipt.status_code == 200, receipt.content.decode()[:3000]
        assert "no-store" in receipt["Cache-Control"]
        trackers.append(receipt.context["receipts"][0].display)

    teacher.post(reverse("election_close", args=[election.pk]))
    teacher.post(reverse("election_publish", args=[election.pk]))
    election.refresh_from_db()
    assert election.state == ElectionState.PUBLISHED

    public = english_client()
    page = public.get(reverse("results_public", args=[election.public_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bystry Bóbr" in html
    assert "<svg" in html
    for tracker in trackers:
        assert tracker in html
        found = public.get(
            reverse("results_public", args=[election.public_id]),
            {"tracker": tracker.lower().replace("-", "")},
        )
        assert found.context["found"]["ballot"] == "Bystry Bóbr"


def test_the_teacher_sees_no_count_while_voting_is_open(school_a):
    election = open_class_election(school_a)
    teacher = staff_client(school_a.teacher)

    response = teacher.get(reverse("election_results", args=[election.pk]))

    assert response.status_code == 200
    assert response.context.get("contests") is None
    assert "Bystry Bóbr" not in response.content.decode()


def test_results_are_not_public_before_they_are_published(school_a):
    election = open_class_election(school_a)

    response = Client().get(reverse("results_public", args=[election.public_id]))

    assert response.status_code == 404


def test_a_signed_in_pupil_votes_once_from_their_page(school_a):
    election = open_class_election(school_a, access=BallotAccess.ACCOUNTS)
    pupil = english_client()
    pupil.force_login(school_a.pupils[0].user)
    contest = election.contests.get()
    first, _ = option_ids(election)

    listing = pupil.get(reverse("vote"))
    assert election.title in listing.content.decode()
    page = reverse("vote_election", args=[election.pk])
    assert pupil.get(page).status_code == 200
    receipt = pupil.post(page, {f"contest-{contest.pk}": str(first)})
    assert receipt.status_code == 200
    again = pupil.get(page)

    assert "already voted" in again.content.decode()
    assert BallotRecord.objects.count() == 1
    assert election.title not in pupil.get(reverse("vote")).content.decode()


def test_an_empty_ballot_is_not_cast_and_the_pupil_is_told_why(school_a):
    election = open_class_election(school_a)
    from .conftest import issue_codes

    code, _ = issue_codes(school_a, election)

    response = english_client().post(reverse("vote_cast"), {"code": code})

    assert response.status_code == 400
    assert "blank ballot" in response.content.decode()
    assert BallotRecord.objects.count() == 0


def test_a_code_that_was_used_shows_why_it_cannot_vote(school_a):
    election = open_class_election(school_a)
    from .conftest import issue_codes

    code, _ = issue_codes(school_a, election)
    contest = election.contests.get()
    pupil = english_client()
    pupil.post(reverse("vote_cast"), {"code": code, f"contest-{contest.pk}": "blank"})

    response = pupil.post(reverse("vote"), {"code": code})

    assert response.status_code == 200
    assert "already been used" in response.content.decode()
