"""What if on the results pages and in the API: only after voting closes, and the
numbers are those of counting the published ballot list with simulations.voting
directly."""

import pytest
from django.test import Client
from django.urls import reverse

from simulations import selectors, services
from simulations.models import ElectionKind, Method, Option
from simulations.services.levels import election_whatif
from simulations.voting.ballots import RankedBallot
from simulations.voting.lists import hare_niemeyer, sainte_lague
from simulations.voting.single import borda, schulze

from .conftest import cast_all

pytestmark = pytest.mark.django_db

# Half the votes of test_whatif.py (one class holds at most 60 pupils): the
# same seats, since every method depends only on the shares.
LIST_VOTES = {"A": 23, "B": 13, "C": 8, "D": 4, "E": 2}


def custom(world, method, seats=1):
    return services.election_create(
        by=world.teacher,
        school=world.school,
        kind=ElectionKind.CUSTOM,
        title=f"Próba {method}",
        method=method,
        seats=seats,
        classrooms=[world.classroom],
    )


def list_election(world, votes=LIST_VOTES):
    election = custom(world, Method.DHONDT, seats=7)
    contest = election.contests.get()
    bodies = []
    for name, count in votes.items():
        party = services.option_add(by=world.teacher, contest=contest, name=name)
        candidate = services.option_add(
            by=world.teacher, contest=contest, name=f"{name} 1", party_list=party
        )
        bodies += [{"list": party.pk, "candidate": candidate.pk}] * count
    services.election_open(by=world.teacher, election=election)
    cast_all(world, election, bodies)
    return election


def ranked_election(world):
    election = custom(world, Method.IRV)
    contest = election.contests.get()
    a, b, c = (
        services.option_add(by=world.teacher, contest=contest, name=name).pk
        for name in ("Ala", "Bartek", "Celina")
    )
    services.election_open(by=world.teacher, election=election)
    cast_all(
        world,
        election,
        [{"ranking": [a, b, c]}] * 4
        + [{"ranking": [b, c, a]}] * 3
        + [{"ranking": [c, b, a]}] * 2,
    )
    return election


def publish(world, election):
    services.election_close(by=world.teacher, election=election)
    services.election_publish(by=world.teacher, election=election)


def recount_lists(election):
    """The published ballot list, counted by hand: votes per list."""
    names = dict(Option.objects.values_list("pk", "name"))
    votes = {}
    for ballot in selectors.published_ballots(election):
        name = names[ballot.choices["list"]]
        votes[name] = votes.get(name, 0) + 1
    return votes


def test_what_if_seats_equal_a_recount_of_the_published_ballots(school_a):
    election = list_election(school_a)
    publish(school_a, election)

    votes = recount_lists(election)
    (whatif,) = election_whatif(election=election)
    variants = {v.key: v for v in whatif.variants}

    assert votes == LIST_VOTES
    assert variants["sainte_lague"].seats == sainte_lague(votes, 7).seats
    assert variants["hare_niemeyer"].seats == hare_niemeyer(votes, 7).seats
    assert variants["sainte_lague"].seats == {"A": 3, "B": 2, "C": 1, "D": 1, "E": 0}


def test_what_if_winners_equal_a_recount_of_the_published_rankings(school_a):
    election = ranked_election(school_a)
    publish(school_a, election)

    names = dict(Option.objects.values_list("pk", "name"))
    ballots = [
        RankedBallot(tuple(names[i] for i in b.choices["ranking"]))
        for b in selectors.published_ballots(election)
    ]
    (whatif,) = election_whatif(election=election)
    winners = {v.method: v.winners for v in whatif.variants}

    assert winners["schulze"] == schulze(ballots).winners == ["Bartek"]
    assert winners["borda"] == borda(ballots).winners == ["Bartek"]
    assert winners["plurality"] == ["Ala"]


def test_the_published_page_shows_the_methods_side_by_side_and_what_changes(
    school_a,
):
    election = list_election(school_a)
    publish(school_a, election)

    html = (
        Client(headers={"accept-language": "en"})
        .get(reverse("results_public", args=[election.public_id]))
        .content.decode()
    )

    assert "What if: the same ballots under other methods" in html
    assert "Party lists, Sainte-Laguë, with the threshold" in html
    assert (
        "A: 4 seats under Party lists, D&#x27;Hondt; 4 seats under Party lists, "
        "D&#x27;Hondt, with the threshold; 3 seats under Party lists, Sainte-Laguë"
    ) in html
    assert "D: 0 seats under Party lists, D&#x27;Hondt;" in html


def test_a_ranked_election_names_the_method_that_would_elect_someone_else(school_a):
    election = ranked_election(school_a)
    publish(school_a, election)

    html = (
        Client(headers={"accept-language": "en"})
        .get(reverse("results_public", args=[election.public_id]))
        .content.decode()
    )

    assert (
        "Under Plurality (first past the post), Ala would be elected instead of "
        "Bartek." in html
    )
    assert "Methods these ballots cannot be counted by" in html


def test_a_one_mark_election_explains_why_it_cannot_be_ranked(school_a):
    election = custom(school_a, Method.PLURALITY)
    contest = election.contests.get()
    a, b = (
        services.option_add(by=school_a.teacher, contest=contest, name=n).pk
        for n in ("Ala", "Bartek")
    )
    services.election_open(by=school_a.teacher, election=election)
    cast_all(school_a, election, [{"mark": a}] * 3 + [{"mark": b}])
    publish(school_a, election)

    html = (
        Client(headers={"accept-language": "en"})
        .get(reverse("results_public", args=[election.public_id]))
        .content.decode()
    )

    assert "Each ballot has one mark: it does not say whom the voter" in html
    assert "Every method gives the same result here." in html


def test_what_if_is_not_shown_while_voting_is_open(school_a):
    election = ranked_election(school_a)
    client = Client(headers={"accept-language": "en"})
    client.force_login(school_a.teacher)

    html = client.get(reverse("election_results", args=[election.pk])).content.decode()
    api = client.get(f"/api/elections/{election.pk}/results/what-if/")

    assert "What if" not in html
    assert "Bartek" not in html
    assert api.status_code == 409


def test_the_api_gives_the_what_if_after_closing(school_a):
    election = ranked_election(school_a)
    services.election_close(by=school_a.teacher, election=election)
    client = Client()
    client.force_login(school_a.teacher)

    data = client.get(f"/api/elections/{election.pk}/results/what-if/").json()

    (whatif,) = data["whatifs"]
    assert whatif["outcome"] == "winners"
    assert {v["method"]: v["winners"] for v in whatif["variants"]} == {
        "plurality": ["Ala"],
        "two_round": ["Bartek"],
        "irv": ["Bartek"],
        "schulze": ["Bartek"],
        "borda": ["Bartek"],
    }
    assert [v["current"] for v in whatif["variants"]] == [
        False,
        False,
        True,
        False,
        False,
    ]
    assert whatif["unavailable"] == [{"method": "approval", "reason": "not_marks"}]


def test_another_schools_staff_get_404_from_the_what_if_api(school_a, school_b):
    election = ranked_election(school_b)
    services.election_close(by=school_b.teacher, election=election)
    client = Client()
    client.force_login(school_a.teacher)

    assert (
        client.get(f"/api/elections/{election.pk}/results/what-if/").status_code == 404
    )
    assert (
        client.get(f"/api/elections/{election.pk}/results/levels/").status_code == 404
    )
