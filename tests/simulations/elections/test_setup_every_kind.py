"""Every kind of election is created through the pages, gets a ballot through
the set-up pages and opens."""

import pytest
from django.test import Client
from django.urls import reverse

from simulations import services
from simulations.models import Election, ElectionState, ListKind, Method, Quorum
from simulations.services.preset_lists import preset_lists

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def create(client, kind, **fields):
    data = {"title": f"Mock {kind}", "access": "codes", **fields}
    return client.post(reverse("election_new", args=[kind]), data)


def contest_page(client, contest, **data):
    return client.post(reverse("contest_setup", args=[contest.pk]), data)


def open_it(client, election):
    client.post(reverse("election_open", args=[election.pk]))
    election.refresh_from_db()
    return election


def test_the_kinds_page_links_every_kind_a_teacher_runs(school_a):
    page = client_for(school_a.teacher).get(reverse("election_kinds"))

    text = page.content.decode()
    for kind in ("sejm", "senate", "president", "referendum", "custom"):
        assert reverse("election_new", args=[kind]) in text
    assert reverse("election_create") in text
    assert "city_youth_council" not in text


def test_a_mock_sejm_election_starts_with_the_committees_of_its_constituency(
    school_a,
):
    client = client_for(school_a.teacher)

    response = create(
        client,
        "sejm",
        classrooms=[school_a.classroom.pk],
        constituency="13",
        prefill_lists="on",
        lists="Lista uczniów 7b",
    )

    election = Election.objects.get()
    assert response.url == reverse("election_setup", args=[election.pk])
    contest = election.contests.get()
    assert (contest.constituency_number, contest.seats) == (13, 14)
    lists = list(contest.options.order_by("position"))
    expected = [row.name for row in preset_lists("sejm", 13)]
    assert [o.name for o in lists] == [*expected, "Lista uczniów 7b"]
    assert len(expected) == 7
    assert lists[1].list_kind == ListKind.COALITION
    assert lists[0].list_kind == ListKind.PARTY


def test_a_mock_sejm_election_opens_once_every_list_has_a_candidate(school_a):
    client = client_for(school_a.teacher)
    create(
        client,
        "sejm",
        classrooms=[school_a.classroom.pk],
        constituency="12",
        lists="Lista A\nLista B",
    )
    election = Election.objects.get()
    contest = election.contests.get()
    list_a, list_b = contest.options.order_by("position")

    assert open_it(client, election).state == ElectionState.DRAFT
    for party_list, pupil in zip((list_a, list_b), school_a.pupils, strict=True):
        contest_page(
            client,
            contest,
            action="add_candidate",
            **{"candidate-party_list": party_list.pk, "candidate-pupil": pupil.pk},
        )
    contest_page(
        client,
        contest,
        action="add_candidate",
        **{"candidate-party_list": list_a.pk, "candidate-name": "Jan Kowalski"},
    )

    assert list(list_a.candidates.values_list("name", flat=True)) == [
        "Bystry Bóbr",
        "Jan Kowalski",
    ]
    assert open_it(client, election).state == ElectionState.OPEN


@pytest.mark.parametrize(
    ("kind", "constituency", "method"),
    [
        ("senate", "33", Method.PLURALITY),
        ("president", "1", Method.TWO_ROUND),
    ],
)
def test_single_candidate_mock_elections_open_with_typed_candidates(
    school_a, kind, constituency, method
):
    client = client_for(school_a.teacher)
    create(client, kind, classrooms=[school_a.classroom.pk], constituency=constituency)
    election = Election.objects.get()
    contest = election.contests.get()

    for name in ("Anna Nowak", "Piotr Wiśniewski"):
        contest_page(
            client, contest, action="add_candidate", **{"candidate-name": name}
        )

    assert contest.method == method
    assert contest.constituency_number == int(constituency)
    assert open_it(client, election).state == ElectionState.OPEN


@pytest.mark.parametrize(
    ("kind", "constituency"), [("krakow_council", "1"), ("european_parliament", "10")]
)
def test_list_mock_elections_open_with_their_lists(school_a, kind, constituency):
    client = client_for(school_a.teacher)
    create(
        client,
        kind,
        classrooms=[school_a.classroom.pk],
        constituency=constituency,
        lists="Lista A",
    )
    election = Election.objects.get()
    contest = election.contests.get()
    (party_list,) = contest.options.all()

    contest_page(
        client,
        contest,
        action="add_candidate",
        **{"candidate-party_list": party_list.pk, "candidate-name": "Ewa Zielińska"},
    )

    assert open_it(client, election).state == ElectionState.OPEN


def test_a_krakow_council_election_defaults_to_the_schools_district(school_b):
    page = client_for(school_b.teacher).get(
        reverse("election_new", args=["krakow_council"])
    )

    # School B is in district XIII Podgórze: constituency 5.
    assert page.context["form"].fields["constituency"].initial == 5


def test_a_referendum_asks_each_question_under_one_quorum(school_a):
    client = client_for(school_a.teacher)

    create(
        client,
        "referendum",
        classrooms=[school_a.classroom.pk],
        questions="Czy szkoła ma mieć mundurki?\n\nCzy przerwy mają być dłuższe?",
        quorum=Quorum.LOCAL,
    )

    election = Election.objects.get()
    contests = list(election.contests.order_by("position"))
    assert [c.name for c in contests] == [
        "Czy szkoła ma mieć mundurki?",
        "Czy przerwy mają być dłuższe?",
    ]
    assert {c.quorum for c in contests} == {Quorum.LOCAL}
    assert {c.method for c in contests} == {Method.REFERENDUM}
    assert open_it(client, election).state == ElectionState.OPEN


def test_a_custom_party_list_election_keeps_its_seats_and_threshold(school_a):
    client = client_for(school_a.teacher)

    create(
        client,
        "custom",
        classrooms=[school_a.classroom.pk],
        method=Method.SAINTE_LAGUE,
        seats="5",
        threshold="3.5",
    )

    contest = Election.objects.get().contests.get()
    assert (contest.method, contest.seats) == (Method.SAINTE_LAGUE, 5)
    assert str(contest.threshold) == "0.0350"


def test_a_custom_ranked_election_opens_with_pupils_as_candidates(school_a):
    client = client_for(school_a.teacher)
    create(
        client,
        "custom",
        classrooms=[school_a.classroom.pk],
        method=Method.STV,
        seats="2",
    )
    election = Election.objects.get()
    contest = election.contests.get()

    for pupil in school_a.pupils:
        contest_page(
            client,
            contest,
            action="add_candidate",
            **{"candidate-pupil": pupil.pk, "candidate-description": "Program"},
        )
    contest_page(client, contest, action="add_candidate", **{"candidate-name": "Ala"})

    assert contest.candidacies.filter(approved_at__isnull=False).count() == 2
    assert contest.options.count() == 3
    assert open_it(client, election).state == ElectionState.OPEN


def test_a_custom_election_gets_another_contest_from_the_setup_page(school_a):
    client = client_for(school_a.teacher)
    create(
        client, "custom", classrooms=[school_a.classroom.pk], method="approval", seats=1
    )
    election = Election.objects.get()

    client.post(
        reverse("election_setup", args=[election.pk]),
        {
            "action": "add_contest",
            "contest-name": "Skarbnik",
            "contest-method": "plurality",
            "contest-seats": "1",
        },
    )

    assert list(election.contests.values_list("name", "method")) == [
        ("Mock custom", "approval"),
        ("Skarbnik", "plurality"),
    ]


def test_a_coordinator_lets_the_whole_school_vote(school_a):
    client = client_for(school_a.coordinator)

    create(
        client,
        "referendum",
        schools=[school_a.school.pk],
        questions="Czy?",
        quorum=Quorum.NONE,
    )

    election = Election.objects.get()
    assert election.school == school_a.school
    assert election.electorate.get().school == school_a.school


def test_the_teacher_pages_of_the_first_two_kinds_still_serve_them(school_a):
    client = client_for(school_a.teacher)

    response = client.get(reverse("election_new", args=["student_council"]))

    assert response.url == reverse("election_create")


def test_the_set_up_election_is_the_same_as_through_the_services(school_a):
    client = client_for(school_a.teacher)
    create(client, "president", classrooms=[school_a.classroom.pk], constituency="1")
    made = Election.objects.get()
    direct = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind="president",
        title="Direct",
        classrooms=[school_a.classroom],
    )

    shape = ["name", "method", "seats", "constituency_number"]
    assert list(made.contests.values(*shape)) == list(direct.contests.values(*shape))
