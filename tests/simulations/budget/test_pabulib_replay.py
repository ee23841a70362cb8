"""Replaying a real city's vote from its pabulib file, and the .pb export.

Wieliczka's Green Million 2023 (Method of Equal Shares with add1) uploaded through
the import page gives the 30 projects the city funded; Kraków 2020 replays by
points with the city's winners; a pupils' budget round-trips through the .pb
format; a bad file is refused naming the line at fault, with nothing written.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from simulations.models import (
    Budget,
    BudgetMode,
    BudgetRule,
    Proposal,
    ReplayGroup,
)
from simulations.services import budget as services
from simulations.voting import pabulib
from tests.simulations.voting.conftest import shared_data_dir

from .conftest import codes_for, open_budget

pytestmark = pytest.mark.django_db

WIELICZKA = "poland_wieliczka_2023_green-budget.pb"
KRAKOW = "poland_krakow_2020_.pb"
KRAKOW_WINNERS = ["98", "3", "80", "7", "180", "4", "32", "51", "144", "62"]
PODGORZE = "poland_krakow_2020_podgorze.pb"
PODGORZE_WINNERS = ["41", "44", "33", "45", "1", "8", "38", "58"]


def teacher_client(world):
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(world.teacher)
    return client


def upload(client, world, name, content):
    return client.post(
        reverse("budget_import"),
        {
            "school": world.school.pk,
            "name": "",
            "file": SimpleUploadedFile(name, content, content_type="text/plain"),
        },
    )


def test_wieliczka_replayed_through_the_import_page_funds_the_official_thirty(
    school_a,
):
    content = (shared_data_dir() / "pb" / WIELICZKA).read_bytes()
    client = teacher_client(school_a)

    response = upload(client, school_a, WIELICZKA, content)

    budget = Budget.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("budget_results", args=[budget.pk])
    assert (budget.mode, budget.rule, budget.amount) == (
        BudgetMode.REPLAY,
        BudgetRule.EQUAL_SHARES,
        1_000_000,
    )
    assert sum(ReplayGroup.objects.values_list("voters", flat=True)) == 6586
    comparison = services.budget_results(budget)
    shares = comparison.outcome(BudgetRule.EQUAL_SHARES)
    external = dict(Proposal.objects.values_list("pk", "external_id"))
    official = set(
        Proposal.objects.filter(officially_selected=True).values_list(
            "external_id", flat=True
        )
    )
    assert len(official) == 30
    assert {external[int(pk)] for pk in shares.funded} == official
    assert shares.spent == 995_079
    # equalshares.net: 18% of voters without a funded project, 28% under greedy.
    greedy = comparison.outcome(BudgetRule.APPROVAL)
    assert round(1 - shares.satisfied / 6586, 2) == 0.18
    assert round(1 - greedy.satisfied / 6586, 2) == 0.28

    page = client.get(response.url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "not your pupils&#x27; votes" in text or "not your pupils' votes" in text
    assert "round by round" in text


@pytest.mark.parametrize(
    ("name", "winners", "spent"),
    [
        (KRAKOW, KRAKOW_WINNERS, 6_388_500),
        (PODGORZE, PODGORZE_WINNERS, 1_734_500),
    ],
)
def test_krakow_replays_by_points_with_the_official_winners(
    school_a, name, winners, spent
):
    content = (shared_data_dir() / "pb" / name).read_bytes()
    budget = services.budget_import_pabulib(
        by=school_a.teacher, school=school_a.school, content=content
    )
    points = services.budget_results(budget).outcome(BudgetRule.POINTS)
    external = dict(Proposal.objects.values_list("pk", "external_id"))
    assert budget.rule == BudgetRule.POINTS
    assert budget.points == [3, 2, 1]
    assert [external[int(pk)] for pk in points.funded] == winners
    assert points.spent == spent


BAD_FILES = [
    (b"\xff\xfe\x00garbage", "not_text", "UTF-8"),
    (
        b"META\nkey;value\nbudget;100\nvote_type;approval\n",
        "bad_line",
        "VOTES section",
    ),
    (
        b"META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\n"
        b"project_id;cost\n1;abc\nVOTES\nvoter_id;vote\n1;1\n",
        "bad_line",
        "Line 7",
    ),
    (
        b"META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\n"
        b"project_id;cost\n1;10\nVOTES\nvoter_id;vote\n1;1\n2;9\n",
        "bad_line",
        "Line 11",
    ),
    (
        b"META\nkey;value\nbudget;100\nvote_type;cumulative\nPROJECTS\n"
        b"project_id;cost\n1;10\nVOTES\nvoter_id;vote;points\n1;1;5\n",
        "vote_type",
        "",
    ),
    (
        b"META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\n"
        b"project_id;cost\n1;10.5\nVOTES\nvoter_id;vote\n1;1\n",
        "cost",
        "",
    ),
]


@pytest.mark.parametrize(("content", "code", "words"), BAD_FILES)
def test_a_bad_file_is_refused_saying_where_and_nothing_is_written(
    school_a, content, code, words
):
    with pytest.raises(Exception) as caught:
        services.budget_import_pabulib(
            by=school_a.teacher, school=school_a.school, content=content
        )
    assert getattr(caught.value, "code", None) == code, caught.value
    assert words in " ".join(caught.value.messages)
    assert not Budget.objects.exists()
    assert not Proposal.objects.exists()


def test_the_import_page_shows_the_line_at_fault(school_a):
    response = upload(teacher_client(school_a), school_a, "bad.pb", BAD_FILES[2][0])
    assert response.status_code == 200
    assert "Line 7 of the file" in response.content.decode()
    assert not Budget.objects.exists()


def test_a_pupils_budget_exports_to_pb_and_reads_back(school_a):
    budget, proposals = open_budget(school_a)
    slips = codes_for(school_a, budget)
    services.budget_ballot_cast(
        budget=budget,
        picks=[proposals["Ławki"].pk, proposals["Boisko"].pk],
        code=slips[0],
    )
    services.budget_ballot_cast(
        budget=budget, picks=[proposals["Kwiaty"].pk], code=slips[1]
    )
    services.budget_voting_close(by=school_a.teacher, budget=budget)

    response = teacher_client(school_a).get(reverse("budget_export", args=[budget.pk]))

    assert response.status_code == 200
    instance, ballots = pabulib.parse_pabulib(response.content.decode())
    titles = {p.project_id: p.name for p in instance.projects.values()}
    assert instance.budget == 100
    assert instance.vote_type == "ordinal"
    assert sorted(tuple(titles[n] for n in b.projects) for b in ballots) == [
        ("Kwiaty",),
        ("Ławki", "Boisko"),
    ]
    assert sorted(titles[n] for n in pabulib.selected(instance)) == ["Kwiaty", "Ławki"]


def test_an_open_vote_cannot_be_exported(school_a):
    budget, _ = open_budget(school_a)
    with pytest.raises(Exception) as caught:
        services.budget_export_pabulib(by=school_a.teacher, budget=budget)
    assert caught.value.code == "not_closed"
