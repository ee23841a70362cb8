"""The city youth council across two schools: created by the city coordinator,
one representative per school, turnout and results per school, and each school's
staff seeing only their school's part."""

import pytest
from django.test import Client
from django.urls import reverse

from simulations import selectors, services
from simulations.models import Election, ElectionKind

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def council(school_a, school_b, city_coordinator):
    """A city youth council for schools A and B created through the page, with
    both pupils of each school standing in their own school's contest."""
    client = client_for(city_coordinator)
    response = client.post(
        reverse("election_new", args=["city_youth_council"]),
        {
            "title": "Młodzieżowa Rada Krakowa",
            "schools": [school_a.school.pk, school_b.school.pk],
            "access": "codes",
        },
    )
    election = Election.objects.get()
    assert response.url == reverse("election_setup", args=[election.pk])
    for world in (school_a, school_b):
        contest = contest_of(election, world)
        for pupil in world.pupils:
            client.post(
                reverse("contest_setup", args=[contest.pk]),
                {"action": "add_candidate", "candidate-pupil": pupil.pk},
            )
    return election


def contest_of(election, world):
    return election.contests.get(electorate__school=world.school)


def vote(election, world, city_coordinator, marks):
    """Each mark is the index of the school's candidate a pupil votes for."""
    contest = contest_of(election, world)
    options = list(contest.options.order_by("position"))
    slips = services.voting_codes_issue(
        by=city_coordinator, election=election, classroom=world.classroom
    )
    for slip, mark in zip(slips, marks, strict=False):
        services.ballot_cast(
            election=election,
            code=slip.code,
            choices={str(contest.pk): {"mark": options[mark].pk}},
        )


def test_the_council_has_one_contest_per_school_with_its_own_pupils(
    council, school_a, school_b
):
    assert council.kind == ElectionKind.CITY_YOUTH_COUNCIL
    assert council.school is None
    for world in (school_a, school_b):
        contest = contest_of(council, world)
        assert contest.seats == 1
        assert {o.pupil for o in contest.options.all()} == set(world.pupils)


def test_a_pupil_of_another_school_cannot_stand_for_a_school(
    council, school_a, school_b, city_coordinator
):
    contest = contest_of(council, school_a)
    client = client_for(city_coordinator)

    response = client.post(
        reverse("contest_setup", args=[contest.pk]),
        {"action": "add_candidate", "candidate-name": "", "candidate-pupil": ""},
    )
    assert "Type a name or choose a pupil" in response.content.decode()
    with pytest.raises(Exception, match="does not vote in"):
        services.candidacy_submit(
            by=city_coordinator, contest=contest, pupil=school_b.pupils[0]
        )
    assert contest.options.count() == 2


def test_pupils_may_stand_only_for_their_own_school(council, school_a, school_b):
    offered = selectors.contests_open_for_candidacy(school_a.pupils[0])

    assert offered == [contest_of(council, school_a)]
    other = contest_of(council, school_b)
    response = client_for(school_a.pupils[0].user).get(
        reverse("candidacy_stand", args=[other.pk])
    )
    assert response.status_code == 404


def test_turnout_and_representatives_are_shown_per_school(
    council, school_a, school_b, city_coordinator
):
    services.election_open(by=city_coordinator, election=council)
    vote(council, school_a, city_coordinator, [1, 1])
    vote(council, school_b, city_coordinator, [0])
    client = client_for(city_coordinator)
    address = reverse("city_council_schools", args=[council.pk])

    during = client.get(address)
    rows = {row["school"]: row for row in during.context["rows"]}
    assert (rows[school_a.school]["voted"], rows[school_a.school]["eligible"]) == (2, 2)
    assert (rows[school_b.school]["voted"], rows[school_b.school]["percent"]) == (1, 50)
    assert "<svg" in during.content.decode()
    assert all(row["representative"] is None for row in rows.values())

    services.election_close(by=city_coordinator, election=council)
    after = client.get(address)
    rows = {row["school"]: row for row in after.context["rows"]}
    assert rows[school_a.school]["representative"] == "Zwinny Lis"
    assert rows[school_b.school]["representative"] == "Bystry Bóbr"
    assert "Representative" in after.content.decode()


def test_school_staff_see_only_their_schools_part(
    council, school_a, school_b, city_coordinator
):
    mine = contest_of(council, school_a)
    theirs = contest_of(council, school_b)

    for role in ("teacher", "coordinator"):
        client = client_for(getattr(school_a, role))
        listing = client.get(reverse("city_council_list"))
        assert list(listing.context["parts"]) == [mine], role
        assert client.get(reverse("city_council_part", args=[mine.pk])).status_code == (
            200
        )
        assert (
            client.get(reverse("city_council_part", args=[theirs.pk])).status_code
            == 404
        )
        assert (
            client.get(reverse("city_council_schools", args=[council.pk])).status_code
            == 404
        )
        detail = reverse("election_detail", args=[council.pk])
        assert client.get(detail).status_code == 404


def test_school_staff_see_their_representative_once_published(
    council, school_a, city_coordinator
):
    services.election_open(by=city_coordinator, election=council)
    vote(council, school_a, city_coordinator, [0, 0])
    services.election_close(by=city_coordinator, election=council)
    client = client_for(school_a.teacher)
    address = reverse("city_council_part", args=[contest_of(council, school_a).pk])

    assert client.get(address).context["row"]["representative"] is None
    services.election_publish(by=city_coordinator, election=council)
    assert client.get(address).context["row"]["representative"] == "Bystry Bóbr"


def test_pupils_and_strangers_see_no_part(council, school_a, outsider):
    address = reverse("city_council_part", args=[contest_of(council, school_a).pk])

    assert client_for(outsider).get(address).status_code == 404
    assert client_for(school_a.pupils[0].user).get(address).status_code == 404
    assert Client().get(address).status_code == 302


def test_the_candidates_page_offers_only_the_schools_own_pupils(
    council, school_a, school_b, city_coordinator
):
    contest = contest_of(council, school_a)
    for option in contest.options.all():
        services.option_remove(by=city_coordinator, option=option)
    contest.candidacies.all().delete()

    page = client_for(city_coordinator).get(
        reverse("election_candidates", args=[council.pk]), {"contest": contest.pk}
    )

    offered = set(page.context["form"].fields["pupils"].queryset)
    assert offered == set(school_a.pupils)
