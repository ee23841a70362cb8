"""The pupils' mock Sejm election beside the real 2023 result: importing the
PKW's file (errors with line and column), shares per committee and seats under
the same rules, on the results page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from simulations import services
from simulations.models import ElectionKind, RealResult
from simulations.services.comparison import compare, real_result_import
from tests.simulations.voting.conftest import shared_data_dir

from .conftest import cast_all

pytestmark = pytest.mark.django_db

PIS = "KOMITET WYBORCZY PRAWO I SPRAWIEDLIWOŚĆ"
KO = "KOALICYJNY KOMITET WYBORCZY KOALICJA OBYWATELSKA PO .N IPL ZIELONI"
LEWICA = "KOMITET WYBORCZY NOWA LEWICA"


def sejm_2023() -> bytes:
    return (
        shared_data_dir() / "sejm" / "sejm2023_constituency_results.csv"
    ).read_bytes()


def mock_sejm(world, votes):
    """A mock Sejm election in Kraków (constituency 13), one candidate per list,
    ``votes`` ballots per list name, closed."""
    election = services.election_create(
        by=world.teacher,
        school=world.school,
        kind=ElectionKind.SEJM,
        title="Sejm w szkole",
        constituencies=[13],
        classrooms=[world.classroom],
    )
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
    services.election_close(by=world.teacher, election=election)
    return election


PUPILS = {
    "Prawo i Sprawiedliwość": 3,
    "Koalicja Obywatelska PO .N IPL Zieloni": 5,
    "komitet wyborczy Nowa Lewica": 2,
    "Partia 7b": 1,
}


def test_importing_2023_keeps_krakows_real_votes_and_seats(school_a):
    election = mock_sejm(school_a, {"Prawo i Sprawiedliwość": 1})

    (real,) = real_result_import(
        by=school_a.teacher,
        election=election,
        data=sejm_2023(),
        source="sejm2023_constituency_results.csv",
    )

    assert real.valid_votes == 757_522
    assert real.votes[PIS] == 232_430
    assert real.votes[KO] == 232_799
    # The real Kraków seats of 2023: 5 KO, 5 PiS, 2 Trzecia Droga, 1 Lewica,
    # 1 Konfederacja.
    assert sorted(real.seats.values(), reverse=True) == [5, 5, 2, 1, 1, 0, 0]
    assert (real.seats[PIS], real.seats[KO], real.seats[LEWICA]) == (5, 5, 1)


def test_the_comparison_matches_lists_by_name_and_counts_seats_by_the_same_rule(
    school_a,
):
    election = mock_sejm(school_a, PUPILS)
    (real,) = real_result_import(
        by=school_a.teacher, election=election, data=sejm_2023(), source="2023.csv"
    )
    count = services.election_tally(election=election).contests[0]

    comparison = compare(
        constituency="13. Kraków",
        real=real,
        votes=count.votes,
        seats=count.result.seats,
    )

    rows = {row.committee: row for row in comparison.rows}
    # 11 pupils' votes, 14 seats by D'Hondt: KO 7, PiS 4, Lewica 2, Partia 7b 1.
    assert (rows[KO].pupils_votes, rows[KO].pupils_seats, rows[KO].real_seats) == (
        5,
        7,
        5,
    )
    assert (rows[PIS].pupils_seats, rows[PIS].real_seats) == (4, 5)
    assert rows[LEWICA].pupils_list == "komitet wyborczy Nowa Lewica"
    assert round(rows[PIS].pupils_share, 2) == 27.27
    assert round(rows[PIS].real_share, 2) == 30.68
    assert round(rows[PIS].difference, 1) == -3.4
    assert comparison.unmatched == [("Partia 7b", 1)]
    assert rows["KOMITET WYBORCZY POLSKA JEST JEDNA"].pupils_seats is None


def staff_client(world):
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.teacher)
    return client


def test_the_teacher_uploads_the_file_and_the_results_page_compares(school_a):
    election = mock_sejm(school_a, PUPILS)
    client = staff_client(school_a)

    response = client.post(
        reverse("election_real_result", args=[election.pk]),
        {"file": SimpleUploadedFile("sejm2023.csv", sejm_2023(), "text/csv")},
    )
    html = client.get(reverse("election_results", args=[election.pk])).content.decode()

    assert response.status_code == 302
    assert "Pupils and the real election" in html
    assert "PRAWO I SPRAWIEDLIWOŚĆ" in html
    assert "no list of this name in the pupils' election" in html
    assert "Partia 7b (1)" in html


def upload(client, election, text):
    return client.post(
        reverse("election_real_result", args=[election.pk]),
        {"file": SimpleUploadedFile("bad.csv", text.encode(), "text/csv")},
    )


def test_a_malformed_file_is_refused_with_its_line_and_column(school_a):
    election = mock_sejm(school_a, {"A": 1})
    client = staff_client(school_a)
    text = (
        "Nr okręgu;Liczba głosów ważnych oddanych łącznie na wszystkie listy "
        "kandydatów;KOMITET WYBORCZY A\n13;10;10\n14;dziesięć;10\n"
    )

    response = upload(client, election, text)

    assert response.status_code == 200
    assert (
        "Line 3, column “Liczba głosów ważnych oddanych łącznie na wszystkie listy "
        "kandydatów”: &#x27;dziesięć&#x27; is not a whole number"
    ) in response.content.decode()
    assert not RealResult.objects.exists()


def test_a_file_without_every_constituency_cannot_be_counted(school_a):
    election = mock_sejm(school_a, {"A": 1})
    client = staff_client(school_a)
    text = (
        "Nr okręgu;Liczba głosów ważnych oddanych łącznie na wszystkie listy "
        "kandydatów;KOMITET WYBORCZY A\n13;10;10\n"
    )

    html = upload(client, election, text).content.decode()

    assert (
        "The file cannot be counted: Sejm of the Republic of Poland: no votes" in html
    )
    assert not RealResult.objects.exists()


def test_only_a_mock_sejm_takes_a_real_result(school_a):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.CLASS_REPRESENTATIVE,
        title="Klasa",
        classrooms=[school_a.classroom],
    )

    response = staff_client(school_a).get(
        reverse("election_real_result", args=[election.pk])
    )

    assert response.status_code == 404


def test_removing_forgets_the_real_result(school_a):
    election = mock_sejm(school_a, {"A": 1})
    real_result_import(
        by=school_a.teacher, election=election, data=sejm_2023(), source="2023.csv"
    )

    staff_client(school_a).post(
        reverse("election_real_result", args=[election.pk]), {"remove": "1"}
    )

    assert not RealResult.objects.exists()
