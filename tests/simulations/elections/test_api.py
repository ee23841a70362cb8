"""The elections API: scoped to the user's elections, counts only after closing,
and in the OpenAPI schema."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from simulations import services

from .conftest import cast_all, class_election, open_class_election, option_ids

pytestmark = pytest.mark.django_db


def api_client(user=None, *, token=False):
    client = APIClient()
    if user is not None and token:
        key = Token.objects.create(user=user).key
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    elif user is not None:
        client.force_authenticate(user)
    return client


def foreign_endpoints(election):
    """Every endpoint that takes an election: (url, method)."""
    base = f"/api/elections/{election.pk}/"
    return [
        (base, "get"),
        (f"{base}options/", "get"),
        (f"{base}turnout/", "get"),
        (f"{base}results/", "get"),
        (f"{base}results/levels/", "get"),
        (f"{base}results/what-if/", "get"),
        (f"{base}ballots/", "get"),
        (f"{base}open/", "post"),
        (f"{base}close/", "post"),
        (f"{base}publish/", "post"),
    ]


COVERED = {
    "election-detail",
    "election-options",
    "election-turnout",
    "election-results",
    "election-results-levels",
    "election-results-whatif",
    "election-ballots",
    "election-open",
    "election-close",
    "election-publish",
}


def test_every_election_endpoint_with_an_object_is_in_the_tenancy_matrix():
    from youth_civics.api_urls import router

    named = {
        url.name
        for url in router.urls
        if "pk" in str(url.pattern) and url.name.startswith("election-")
    }
    assert named == COVERED


@pytest.mark.parametrize("role", ["teacher", "coordinator"])
def test_staff_get_404_for_every_election_of_another_school(school_a, school_b, role):
    election = class_election(school_b)
    client = api_client(getattr(school_a, role), token=True)

    for url, method in foreign_endpoints(election):
        response = getattr(client, method)(url, format="json")
        assert response.status_code == 404, (role, method, url)

    election.refresh_from_db()
    assert election.state == "draft"


def test_pupils_cannot_use_the_elections_api(school_a):
    election = class_election(school_a)
    client = api_client(school_a.pupils[0].user)

    for url, method in foreign_endpoints(election):
        assert getattr(client, method)(url).status_code == 403, url
    assert client.get("/api/elections/").status_code == 403


def test_anonymous_visitors_must_authenticate(school_b):
    election = class_election(school_b)
    client = api_client()

    for url, method in foreign_endpoints(election):
        assert getattr(client, method)(url).status_code in (401, 403), url


def test_the_list_holds_only_the_users_own_elections(school_a, school_b):
    mine = class_election(school_a)
    class_election(school_b)

    rows = api_client(school_a.teacher).get("/api/elections/").json()["results"]

    assert [row["id"] for row in rows] == [mine.pk]
    assert [o["name"] for o in rows[0]["contests"][0]["options"]] == [
        "Bystry Bóbr",
        "Zwinny Lis",
    ]


def test_the_city_coordinator_reads_every_schools_elections(
    school_a, school_b, city_coordinator
):
    election = class_election(school_b)
    client = api_client(city_coordinator)

    for url, method in foreign_endpoints(election)[:3]:
        assert getattr(client, method)(url).status_code == 200, url


def test_results_exist_only_after_voting_closes(school_a):
    election = open_class_election(school_a)
    first, _ = option_ids(election)
    cast_all(school_a, election, [{"mark": first}] * 2)
    client = api_client(school_a.teacher)
    url = f"/api/elections/{election.pk}/results/"

    assert client.get(url).status_code == 409
    turnout = client.get(f"/api/elections/{election.pk}/turnout/").json()
    assert (turnout["voted"], turnout["eligible"]) == (2, 2)

    assert client.post(f"/api/elections/{election.pk}/close/").status_code == 200
    results = client.get(url).json()
    (contest,) = results["contests"]
    assert contest["result"]["winners"] == ["Bystry Bóbr"]
    assert contest["votes"] == {"Bystry Bóbr": 2, "Zwinny Lis": 0}


def test_the_ballot_list_is_served_once_published_and_recounts_to_the_result(
    school_a,
):
    election = open_class_election(school_a)
    first, second = option_ids(election)
    cast_all(school_a, election, [{"mark": first}, {"mark": second}, {"mark": first}])
    client = api_client(school_a.teacher)
    url = f"/api/elections/{election.pk}/ballots/"
    services.election_close(by=school_a.teacher, election=election)
    assert client.get(url).status_code == 409

    client.post(f"/api/elections/{election.pk}/publish/")
    ballots = client.get(url).json()["results"]

    marks = sorted(row["choices"]["mark"] for row in ballots)
    assert marks == sorted([first, second, first])
    assert [row["tracker"] for row in ballots] == sorted(r["tracker"] for r in ballots)


def test_a_teacher_creates_an_election_for_their_class(school_a):
    client = api_client(school_a.teacher)

    response = client.post(
        "/api/elections/",
        {
            "school": school_a.school.pk,
            "kind": "student_council",
            "title": "Samorząd",
            "seats": 2,
            "classrooms": [school_a.classroom.pk],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    (contest,) = response.json()["contests"]
    assert (contest["method"], contest["seats"]) == ("block", 2)


def test_a_teacher_cannot_create_an_election_with_another_schools_class(
    school_a, school_b
):
    response = api_client(school_a.teacher).post(
        "/api/elections/",
        {
            "school": school_a.school.pk,
            "kind": "class_representative",
            "title": "Obce",
            "classrooms": [school_b.classroom.pk],
        },
        format="json",
    )

    assert response.status_code == 400


def test_a_refused_state_change_is_a_clear_400(school_a):
    election = class_election(school_a, pupils=[])
    response = api_client(school_a.teacher).post(f"/api/elections/{election.pk}/open/")

    assert response.status_code == 400
    assert response.json()["code"] == "no_candidates"


def test_the_elections_api_is_in_the_openapi_schema(school_a):
    schema = api_client(school_a.teacher).get("/api/schema/?format=json").json()

    for path in (
        "/api/elections/",
        "/api/elections/{id}/results/",
        "/api/elections/{id}/turnout/",
        "/api/elections/{id}/options/",
        "/api/elections/{id}/ballots/",
    ):
        assert path in schema["paths"], path
