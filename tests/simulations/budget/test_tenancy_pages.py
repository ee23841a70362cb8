"""Every budget page keeps to its school.

For each page of ``simulations.urls.budget`` that takes an object, school B's
object is requested by every role of school A: teachers, coordinators and pupils
get 404, anonymous visitors are sent to sign in, and nothing of school B changes.
A test fails when a page with an object is missing from the matrix.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from simulations.models import BallotRecord, Budget, Proposal, VotingCode
from simulations.services import budget as services
from simulations.urls import budget as urls

from .conftest import new_budget, open_budget, propose

pytestmark = pytest.mark.django_db


def _budget(world):
    return {"pk": new_budget(world).pk}


def _open(world):
    budget, _ = open_budget(world)
    return {"pk": budget.pk}


def _closed(world):
    budget, _ = open_budget(world)
    services.budget_voting_close(by=world.teacher, budget=budget)
    return {"pk": budget.pk}


def _slips(world):
    return {**_budget(world), "classroom_pk": world.classroom.pk}


def _proposal(world):
    budget = new_budget(world)
    proposal = propose(world, budget, [("Ławki", 30)], check=False)["Ławki"]
    return {"pk": proposal.pk}


# Staff pages with an object: (url name, kwargs from a world).
OBJECT_PAGES = [
    ("budget_detail", _budget),
    ("budget_open", _budget),
    ("budget_close", _open),
    ("budget_publish", _closed),
    ("budget_slips", _slips),
    ("budget_export", _closed),
    ("proposal_check", _proposal),
    ("budget_results", _closed),
    ("budget_ballots", _closed),
]
# Pupils' pages with an object: a pupil of another school gets 404.
PUPIL_OBJECT_PAGES = [("pupil_budget", _budget), ("pupil_budget_vote", _open)]
STAFF_PAGES = {"budget_list", "budget_create", "budget_import"}
PUPIL_PAGES = {"pupil_budget_list"}
OPEN_PAGES = {"budget_vote_code"}
ALL_OBJECT_PAGES = OBJECT_PAGES + PUPIL_OBJECT_PAGES


def patterns(resolver_patterns=None):
    for pattern in resolver_patterns or urls.urlpatterns:
        if isinstance(pattern, URLResolver):
            yield from patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def takes_arguments(pattern) -> bool:
    return bool(pattern.pattern.converters)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def role_user(world, role):
    return world.pupils[0].user if role == "pupil" else getattr(world, role)


def snapshot(world):
    budgets = Budget.objects.filter(school=world.school)
    return (
        list(budgets.order_by("pk").values_list()),
        list(Proposal.objects.filter(budget__in=budgets).order_by("pk").values_list()),
        VotingCode.objects.filter(election__budget__in=budgets).count(),
        BallotRecord.objects.filter(contest__election__budget__in=budgets).count(),
    )


def test_every_page_has_a_name():
    assert [p for p in patterns() if not p.name] == []


def test_every_page_with_an_object_is_in_the_tenancy_matrix():
    with_arguments = {p.name for p in patterns() if takes_arguments(p)}
    listed = {name for name, _ in ALL_OBJECT_PAGES}

    assert with_arguments - listed == set(), "add these pages to OBJECT_PAGES"
    assert listed - with_arguments == set(), "these pages no longer exist"


def test_every_page_without_an_object_is_listed_as_staff_pupil_or_open():
    without_arguments = {p.name for p in patterns() if not takes_arguments(p)}
    assert without_arguments == STAFF_PAGES | PUPIL_PAGES | OPEN_PAGES


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_every_role_of_a_school_gets_404_for_another_schools_budgets(
    school_a, school_b, role
):
    client = client_for(role_user(school_a, role))
    for name, kwargs_for in ALL_OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        if role != "pupil" and (name, kwargs_for) in PUPIL_OBJECT_PAGES:
            # Staff are sent to their dashboard from every pupil page.
            assert response.status_code == 302, (role, name)
            continue
        assert response.status_code == 404, (role, name)


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_no_role_of_a_school_can_change_another_schools_budgets(
    school_a, school_b, role
):
    addresses = [reverse(n, kwargs=k(school_b)) for n, k in ALL_OBJECT_PAGES]
    before = snapshot(school_b)
    client = client_for(role_user(school_a, role))

    for address in addresses:
        response = client.post(
            address,
            {
                "eligible": "yes",
                "title": "X",
                "cost": "1",
                "pick-1": "1",
                "approve": "1",
            },
        )
        assert response.status_code in (302, 404), (role, address)
        if response.status_code == 302:
            assert role != "pupil"
            assert response.url == reverse("dashboard"), (role, address)

    assert snapshot(school_b) == before


def test_an_account_without_a_school_gets_404_for_every_budget(school_b, outsider):
    client = client_for(outsider)
    for name, kwargs_for in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 404, name


def test_anonymous_visitors_are_sent_to_sign_in(school_b):
    client = Client()
    for name, kwargs_for in OBJECT_PAGES:
        address = reverse(name, kwargs=kwargs_for(school_b))
        response = client.get(address)
        assert response.status_code == 302, name
        assert response.url == f"{reverse('login')}?next={address}", name
    for name, kwargs_for in PUPIL_OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 302, name
        assert response.url == reverse("pupil_signin"), name


def test_the_budgets_own_staff_reach_every_page(school_b):
    client = client_for(school_b.teacher)
    for name, kwargs_for in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code in (200, 302), name
