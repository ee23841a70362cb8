"""A teacher's election pages: creating, choosing candidates, printing slips."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from school_councils import services as school_services
from simulations import services
from simulations.models import BallotAccess, Candidacy, Election, VotingCode
from tests.school_councils.test_cards_pdf import page_count, streams

from .conftest import class_election, open_class_election

pytestmark = pytest.mark.django_db

SLIP_CODE = re.compile(r"\(([0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5})\) Tj")


def client_for(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def test_the_creation_form_offers_only_the_teachers_own_classes(school_a, school_b):
    client = client_for(school_a.teacher)

    form = client.get(reverse("election_create")).context["form"]
    assert list(form.fields["classrooms"].queryset) == [school_a.classroom]

    response = client.post(
        reverse("election_create"),
        {
            "kind": "class_representative",
            "title": "Obce",
            "classrooms": [school_b.classroom.pk],
            "access": "codes",
        },
    )
    assert response.status_code == 200
    assert "classrooms" in response.context["form"].errors
    assert not Election.objects.exists()


def test_a_student_council_gets_its_seats_from_the_form(school_a):
    client = client_for(school_a.teacher)

    client.post(
        reverse("election_create"),
        {
            "kind": "student_council",
            "title": "Samorząd",
            "classrooms": [school_a.classroom.pk],
            "seats": "4",
            "access": "accounts",
        },
    )

    election = Election.objects.get()
    assert election.access == BallotAccess.ACCOUNTS
    assert election.contests.get().seats == 4


def test_a_pending_candidacy_is_approved_or_withdrawn_from_the_page(school_a):
    election = class_election(school_a, pupils=[])
    contest = election.contests.get()
    pupil = school_a.pupils[0]
    candidacy = services.candidacy_submit(by=pupil.user, contest=contest, pupil=pupil)
    client = client_for(school_a.teacher)

    page = client.get(reverse("election_candidates", args=[election.pk]))
    assert "waiting for approval" in page.content.decode()
    client.post(reverse("candidacy_approve", args=[candidacy.pk]))
    assert contest.options.get().pupil == pupil

    client.post(reverse("candidacy_withdraw", args=[candidacy.pk]))
    assert not Candidacy.objects.exists()
    assert not contest.options.exists()


def test_candidates_cannot_change_from_the_page_once_voting_opened(school_a):
    election = open_class_election(school_a, pupils=[school_a.pupils[0]])
    client = client_for(school_a.teacher)
    page = reverse("election_candidates", args=[election.pk])

    assert "can no longer change" in client.get(page).content.decode()
    client.post(page, {"pupils": [school_a.pupils[1].pk]})

    assert election.contests.get().options.count() == 1


def test_printing_slips_gives_one_working_code_per_pupil_twelve_a_page(school_a):
    school_services.pupils_generate(
        by=school_a.teacher, classroom=school_a.classroom, count=11
    )
    election = open_class_election(school_a)
    client = client_for(school_a.teacher)

    response = client.post(
        reverse("election_slips", args=[election.pk, school_a.classroom.pk])
    )

    assert response["Content-Disposition"].startswith("attachment;")
    document = response.content
    text = b"\n".join(streams(document)).decode("latin-1")
    printed = SLIP_CODE.findall(text)
    assert len(printed) == 13
    assert page_count(document) == 2
    assert VotingCode.objects.filter(election=election, void=False).count() == 13
    for code in printed:
        assert services.voting_code_usable(code).election == election


def test_slips_are_printed_only_for_classes_that_vote(school_a):
    other = school_services.classroom_create(
        by=school_a.teacher,
        school=school_a.school,
        name="1a",
        grade=1,
        school_year=2026,
    )
    election = open_class_election(school_a)

    response = client_for(school_a.teacher).post(
        reverse("election_slips", args=[election.pk, other.pk])
    )

    assert response.status_code == 404
    assert not VotingCode.objects.exists()


def test_an_election_voted_signed_in_prints_no_slips(school_a):
    election = open_class_election(school_a, access=BallotAccess.ACCOUNTS)
    client = client_for(school_a.teacher)

    response = client.post(
        reverse("election_slips", args=[election.pk, school_a.classroom.pk]),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse(
        "election_detail", args=[election.pk]
    )
    assert "without codes" in response.content.decode()
    assert not VotingCode.objects.exists()


def test_the_detail_page_shows_the_turnout_per_class(school_a):
    from .conftest import cast_all

    election = open_class_election(school_a)
    cast_all(school_a, election, [{"blank": True}])

    page = client_for(school_a.teacher).get(
        reverse("election_detail", args=[election.pk])
    )

    assert page.context["turnout"].voted == 1
    assert page.context["classrooms"][0]["voted"] == 1
