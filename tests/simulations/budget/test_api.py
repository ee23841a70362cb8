"""The budgets API: the staff's own budgets only, results only after voting."""

import pytest
from rest_framework.test import APIClient

from simulations.services import budget as services

from .conftest import codes_for, open_budget

pytestmark = pytest.mark.django_db


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_staff_see_their_budgets_and_another_schools_is_not_found(school_a, school_b):
    mine, _ = open_budget(school_a)
    theirs, _ = open_budget(school_b)
    client = api_for(school_a.teacher)

    listed = client.get("/api/budgets/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["id"] for row in rows] == [mine.pk]
    assert client.get(f"/api/budgets/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/budgets/{theirs.pk}/results/").status_code == 404
    assert api_for(school_a.pupils[0].user).get("/api/budgets/").status_code == 403


def test_results_exist_only_after_voting_closes(school_a):
    budget, proposals = open_budget(school_a)
    slip = codes_for(school_a, budget)[0]
    services.budget_ballot_cast(
        budget=budget, picks=[proposals["Ławki"].pk, proposals["Kwiaty"].pk], code=slip
    )
    client = api_for(school_a.teacher)
    address = f"/api/budgets/{budget.pk}/results/"

    assert client.get(address).status_code == 409
    services.budget_voting_close(by=school_a.teacher, budget=budget)
    data = {row["rule"]: row for row in client.get(address).json()}

    assert data["points"]["funded"] == [proposals["Ławki"].pk, proposals["Kwiaty"].pk]
    assert data["points"]["spent"] == 50
    assert data["equal_shares"]["voters_with_funded_project"] == 1


def test_the_budgets_api_is_in_the_openapi_schema(school_a):
    schema = api_for(school_a.teacher).get("/api/schema/?format=json").json()
    for path in ("/api/budgets/", "/api/budgets/{id}/", "/api/budgets/{id}/results/"):
        assert path in schema["paths"], path
