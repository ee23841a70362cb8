"""The ballot of a draft, line by line: reorder, rename, remove, contests and
electorate; and the committees a mock Sejm election starts with."""

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from school_councils import services as school_services
from simulations import services
from simulations.models import ElectionKind, ListKind, Option
from simulations.services import setup
from simulations.services.preset_lists import SEJM_2023, preset_lists
from simulations.voting.pkw import read_constituency_results
from tests.simulations.voting.conftest import shared_data_dir

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def list_contest(school_a):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.CUSTOM,
        title="Listy",
        classrooms=[school_a.classroom],
        method="dhondt",
        seats=3,
    )
    contest = election.contests.get()
    for name in ("Lista A", "Lista B", "Lista C"):
        services.option_add(by=school_a.teacher, contest=contest, name=name)
    return contest


def names(contest, party_list=None):
    return list(
        contest.options.filter(party_list=party_list)
        .order_by("position")
        .values_list("name", flat=True)
    )


def test_lists_move_up_and_down(school_a, list_contest):
    client = client_for(school_a.teacher)
    page = reverse("contest_setup", args=[list_contest.pk])
    list_c = list_contest.options.get(name="Lista C")

    client.post(page, {"action": "move", "option": list_c.pk, "direction": "up"})
    assert names(list_contest) == ["Lista A", "Lista C", "Lista B"]
    client.post(page, {"action": "move", "option": list_c.pk, "direction": "up"})
    client.post(page, {"action": "move", "option": list_c.pk, "direction": "up"})
    assert names(list_contest) == ["Lista C", "Lista A", "Lista B"]
    assert list(list_contest.options.values_list("position", flat=True)) == [1, 2, 3]


def test_candidates_keep_their_positions_on_their_list(school_a, list_contest):
    client = client_for(school_a.teacher)
    page = reverse("contest_setup", args=[list_contest.pk])
    list_a = list_contest.options.get(name="Lista A")
    for name in ("Ala", "Ola", "Ela"):
        client.post(
            page,
            {
                "action": "add_candidate",
                "candidate-party_list": list_a.pk,
                "candidate-name": name,
            },
        )
    ela = list_a.candidates.get(name="Ela")

    client.post(page, {"action": "move", "option": ela.pk, "direction": "up"})

    assert names(list_contest, list_a) == ["Ala", "Ela", "Ola"]
    assert names(list_contest) == ["Lista A", "Lista B", "Lista C"]


def test_a_list_is_renamed_and_its_kind_changed(school_a, list_contest):
    list_b = list_contest.options.get(name="Lista B")

    client_for(school_a.teacher).post(
        reverse("option_edit", args=[list_b.pk]),
        {"name": "Koalicja B", "description": "Dwie listy", "list_kind": "coalition"},
    )

    list_b.refresh_from_db()
    assert (list_b.name, list_b.list_kind, list_b.description) == (
        "Koalicja B",
        ListKind.COALITION,
        "Dwie listy",
    )


def test_removing_a_list_asks_first_and_takes_its_candidates(school_a, list_contest):
    list_a = list_contest.options.get(name="Lista A")
    services.option_add(
        by=school_a.teacher, contest=list_contest, name="Ala", party_list=list_a
    )
    client = client_for(school_a.teacher)
    address = reverse("option_remove", args=[list_a.pk])

    asked = client.get(address)
    assert "Its 1 candidate leaves the ballot too." in asked.content.decode()
    assert Option.objects.filter(pk=list_a.pk).exists()

    client.post(address)
    assert names(list_contest) == ["Lista B", "Lista C"]
    assert not Option.objects.filter(name="Ala").exists()


def test_the_contest_rules_take_a_threshold_in_per_cent(school_a, list_contest):
    client = client_for(school_a.teacher)

    client.post(
        reverse("contest_setup", args=[list_contest.pk]),
        {
            "action": "rules",
            "rules-name": "Rada",
            "rules-seats": "7",
            "rules-threshold": "5",
            "rules-coalition_threshold": "8",
        },
    )

    list_contest.refresh_from_db()
    assert list_contest.name == "Rada"
    assert list_contest.seats == 7
    assert (str(list_contest.threshold), str(list_contest.coalition_threshold)) == (
        "0.0500",
        "0.0800",
    )


def test_a_referendum_question_is_removed_but_not_the_last(school_a):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.REFERENDUM,
        title="Pytanie 1",
        classrooms=[school_a.classroom],
    )
    client = client_for(school_a.teacher)
    page = reverse("election_setup", args=[election.pk])
    client.post(page, {"action": "add_contest", "contest-name": "Pytanie 2"})
    first, second = election.contests.order_by("position")

    client.post(page, {"action": "remove_contest", "contest": first.pk})
    refused = client.post(
        page, {"action": "remove_contest", "contest": second.pk}, follow=True
    )

    assert list(election.contests.values_list("name", "position")) == [("Pytanie 2", 1)]
    assert "at least one contest" in refused.content.decode()


def test_the_electorate_is_changed_on_the_setup_page(school_a):
    other = school_services.classroom_create(
        by=school_a.teacher,
        school=school_a.school,
        name="8a",
        grade=8,
        school_year=2026,
    )
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.REFERENDUM,
        title="Czy?",
        classrooms=[school_a.classroom],
    )

    client_for(school_a.teacher).post(
        reverse("election_setup", args=[election.pk]),
        {"action": "electorate", "electorate-classrooms": [other.pk]},
    )

    assert [row.classroom for row in election.electorate.all()] == [other]


def test_the_electorate_form_refuses_to_be_emptied(school_a):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.REFERENDUM,
        title="Czy?",
        classrooms=[school_a.classroom],
    )

    response = client_for(school_a.teacher).post(
        reverse("election_setup", args=[election.pk]), {"action": "electorate"}
    )

    assert response.status_code == 200
    assert response.context["electorate_form"].errors
    assert election.electorate.count() == 1


def test_a_manifesto_is_shown_on_the_ballot(school_a):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.CLASS_REPRESENTATIVE,
        title="Klasa",
        classrooms=[school_a.classroom],
        access="accounts",
    )
    contest = election.contests.get()
    pupil = school_a.pupils[0]
    candidacy = services.candidacy_submit(
        by=pupil.user, contest=contest, pupil=pupil, manifesto="Więcej wycieczek!"
    )
    services.candidacy_approve(by=school_a.teacher, candidacy=candidacy)
    services.election_open(by=school_a.teacher, election=election)

    ballot = client_for(school_a.pupils[1].user).get(
        reverse("vote_election", args=[election.pk])
    )

    assert "Więcej wycieczek!" in ballot.content.decode()


# The committees of the Sejm 2023 -----------------------------------------------


def test_every_sejm_constituency_has_the_six_nationwide_committees():
    for number in range(1, 42):
        lists = preset_lists("sejm", number)
        assert [row.number for row in lists[:6]] == [1, 2, 3, 4, 5, 6]
        assert [row.number for row in lists] == sorted(row.number for row in lists)


def test_the_german_minority_stood_only_in_opole():
    (minority,) = [row for row in SEJM_2023 if row[2] == "minority"]
    assert minority[3] == {21}
    assert [row.kind for row in preset_lists("sejm", 21)][-1] == "minority"


def test_the_committees_match_the_pkw_results_file():
    results = read_constituency_results(
        shared_data_dir() / "sejm" / "sejm2023_constituency_results.csv"
    )
    kinds = {c.name: c.kind for c in results.committees}
    for constituency in results.constituencies:
        lists = preset_lists("sejm", constituency.number)
        assert [row.name for row in lists] == list(constituency.votes)
        assert all(kinds[row.name] == row.kind for row in lists)


def test_presets_without_data_start_empty():
    assert preset_lists("krakow_council", 1) == []
    assert preset_lists("president", 1) == []


# The services refuse another school's staff ------------------------------------


def test_another_schools_staff_cannot_change_a_ballot(school_a, school_b, list_contest):
    option = list_contest.options.first()
    before = list(list_contest.options.values_list("name", "position", "list_kind"))
    for user in (school_b.teacher, school_b.coordinator):
        with pytest.raises(Http404):
            setup.option_move(by=user, option=option, step=1)
        with pytest.raises(Http404):
            setup.option_update(by=user, option=option, name="Cudza")
        with pytest.raises(Http404):
            setup.contest_rules_set(by=user, contest=list_contest, seats=9)
        with pytest.raises(Http404):
            setup.contest_remove(by=user, contest=list_contest)

    assert (
        list(list_contest.options.values_list("name", "position", "list_kind"))
        == before
    )
    list_contest.refresh_from_db()
    assert list_contest.seats == 3


def test_another_schools_staff_cannot_refuse_a_candidacy(school_a, school_b):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.CLASS_REPRESENTATIVE,
        title="Klasa",
        classrooms=[school_a.classroom],
    )
    pupil = school_a.pupils[0]
    candidacy = services.candidacy_submit(
        by=pupil.user, contest=election.contests.get(), pupil=pupil
    )

    with pytest.raises(Http404):
        setup.candidacy_refuse(by=school_b.teacher, candidacy=candidacy, reason="Nie")
    with pytest.raises(Http404):
        setup.candidacy_withdraw_pending(
            by=school_b.pupils[0].user, candidacy=candidacy
        )
    candidacy.refresh_from_db()
    assert candidacy.status == "pending"
