"""The whole budget through its pages: a pupil proposes (and is told when a
project costs too much), the teacher checks and opens voting, pupils vote with
codes and signed in, and the results appear."""

import pytest
from django.test import Client
from django.urls import reverse

from simulations.models import BallotAccess, BallotRecord, Budget, Proposal
from simulations.services import budget as services

from .conftest import codes_for, open_budget

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_a_teacher_creates_a_budget_and_a_pupil_proposes_through_the_pages(school_a):
    teacher = client_for(school_a.teacher)
    response = teacher.post(
        reverse("budget_create"),
        {
            "name": "Budżet 7b",
            "amount": "500",
            "rule": "points",
            "classrooms": [school_a.classroom.pk],
            "access": "accounts",
        },
    )
    budget = Budget.objects.get()
    assert response.url == reverse("budget_detail", args=[budget.pk])

    pupil = client_for(school_a.pupils[0].user)
    address = reverse("pupil_budget", args=[budget.pk])
    too_dear = pupil.post(address, {"title": "Basen", "description": "", "cost": "501"})
    assert too_dear.status_code == 200
    assert "more than the whole budget of 500" in too_dear.content.decode()
    assert not Proposal.objects.exists()

    pupil.post(address, {"title": "Ławki", "description": "Na korytarz", "cost": "300"})
    proposal = Proposal.objects.get()
    teacher.post(
        reverse("proposal_check", args=[proposal.pk]),
        {"eligible": "no", "reason": "Ławki już są"},
    )
    page = pupil.get(address).content.decode()
    assert "Not eligible" in page
    assert "Ławki już są" in page


def test_a_pupil_votes_signed_in_and_gets_a_tracker(school_a):
    budget, proposals = open_budget(school_a, access=BallotAccess.ACCOUNTS)
    pupil = client_for(school_a.pupils[0].user)
    address = reverse("pupil_budget_vote", args=[budget.pk])

    not_on_ballot = pupil.post(address, {"pick-1": "x"})
    assert not_on_ballot.status_code == 400
    assert "not on this ballot" in not_on_ballot.content.decode()

    cast = pupil.post(
        address,
        {"pick-1": proposals["Boisko"].pk, "pick-2": proposals["Kwiaty"].pk},
    )
    assert cast.status_code == 200
    assert "Tracker" in cast.content.decode()
    again = pupil.post(address, {"pick-1": proposals["Boisko"].pk})
    assert again.status_code == 400
    assert "already voted" in again.content.decode()
    assert BallotRecord.objects.count() == 1


def test_a_voter_with_a_slip_votes_on_the_code_page(school_a):
    budget, proposals = open_budget(school_a)
    slip = codes_for(school_a, budget)[0]
    voter = Client()
    voter.cookies["django_language"] = "en"
    address = reverse("budget_vote_code")

    ballot = voter.post(address, {"code": slip})
    assert proposals["Drukarka"].title in ballot.content.decode()
    cast = voter.post(
        address, {"code": slip, "cast": "1", "pick-1": proposals["Drukarka"].pk}
    )
    assert "Your vote is cast" in cast.content.decode()
    again = voter.post(address, {"code": slip})
    assert again.status_code == 400
    assert "already been used" in again.content.decode()
    assert BallotRecord.objects.count() == 1


def test_slips_of_a_budget_print_as_a_pdf(school_a):
    budget, _ = open_budget(school_a)
    teacher = client_for(school_a.teacher)
    response = teacher.post(
        reverse("budget_slips", args=[budget.pk, school_a.classroom.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_teachers_pages_render(school_a):
    budget, _ = open_budget(school_a)
    teacher = client_for(school_a.teacher)
    for name in ("budget_list", "budget_create", "budget_import"):
        assert teacher.get(reverse(name)).status_code == 200, name
    assert teacher.get(reverse("budget_detail", args=[budget.pk])).status_code == 200
    services.budget_voting_close(by=school_a.teacher, budget=budget)
    results = teacher.get(reverse("budget_results", args=[budget.pk]))
    assert "No valid ballots" in results.content.decode()
