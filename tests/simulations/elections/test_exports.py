"""Results as files once voting has closed: counts as CSV and XLSX per level, the
results protocol as a PDF, and the published ballot list as CSV and JSON. Cells a
spreadsheet would run as formulas stay text."""

import csv
import io
import json
import re

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from simulations import services
from simulations.models import ElectionKind, Method
from simulations.services.exports import safe_cell
from tests.school_councils.test_cards_pdf import page_count, pdf_text

from .conftest import cast_all, future, more_pupils

pytestmark = pytest.mark.django_db

EVIL = "=HYPERLINK(1)"


def election_with_votes(world):
    """A custom plurality election in a class of five: EVIL 3 votes, Bartek 1,
    Ala 0, one blank."""
    election = services.election_create(
        by=world.teacher,
        school=world.school,
        kind=ElectionKind.CUSTOM,
        title="Próba eksportu",
        method=Method.PLURALITY,
        classrooms=[world.classroom],
    )
    contest = election.contests.get()
    evil, bartek, _ala = (
        services.option_add(by=world.teacher, contest=contest, name=name).pk
        for name in (EVIL, "Bartek", "Ala")
    )
    more_pupils(world, 3)
    services.election_open(by=world.teacher, election=election)
    cast_all(
        world,
        election,
        [{"mark": evil}] * 3 + [{"mark": bartek}] + [{"blank": True}],
    )
    return election


def staff(world):
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.teacher)
    return client


def closed(world):
    election = election_with_votes(world)
    services.election_close(by=world.teacher, election=election)
    return election


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+48 123", "'+48 123"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Ala", "Ala"),
        (7, 7),
    ],
)
def test_cells_that_would_run_as_formulas_stay_text(value, expected):
    assert safe_cell(value) == expected


def test_the_csv_of_the_contest_level_holds_every_option_and_the_winner(school_a):
    election = closed(school_a)

    response = staff(school_a).get(reverse("election_results_csv", args=[election.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert rows == [
        [
            "Contest",
            "Level",
            "Unit",
            "Ballots",
            "Valid",
            "Blank",
            "Spoiled",
            "Option",
            "Votes",
            "Seats or elected",
        ],
        [
            "Próba eksportu",
            "Contest",
            "Próba eksportu",
            "5",
            "4",
            "1",
            "0",
            "'" + EVIL,
            "3",
            "1",
        ],
        [
            "Próba eksportu",
            "Contest",
            "Próba eksportu",
            "5",
            "4",
            "1",
            "0",
            "Bartek",
            "1",
            "0",
        ],
        [
            "Próba eksportu",
            "Contest",
            "Próba eksportu",
            "5",
            "4",
            "1",
            "0",
            "Ala",
            "0",
            "0",
        ],
    ]


def test_the_csv_by_class_shows_a_class_with_five_ballots(school_a):
    election = closed(school_a)

    response = staff(school_a).get(
        reverse("election_results_csv", args=[election.pk]), {"level": "class"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert [row[1:4] for row in rows[1:]] == [["Class", "7b", "5"]] * 3
    assert [row[7:9] for row in rows[1:]] == [
        ["'" + EVIL, "3"],
        ["Bartek", "1"],
        ["Ala", "0"],
    ]


def test_a_level_the_election_does_not_have_is_404(school_a):
    election = closed(school_a)

    response = staff(school_a).get(
        reverse("election_results_csv", args=[election.pk]), {"level": "city"}
    )

    assert response.status_code == 404


def test_the_workbook_has_a_sheet_per_level_with_the_same_numbers(school_a):
    election = closed(school_a)

    response = staff(school_a).get(reverse("election_results_xlsx", args=[election.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))

    assert book.sheetnames == ["Contest", "Class"]
    rows = list(book["Contest"].iter_rows(values_only=True))
    assert rows[1] == (
        "Próba eksportu",
        "Contest",
        "Próba eksportu",
        5,
        4,
        1,
        0,
        "'" + EVIL,
        3,
        1,
    )
    assert rows[2][7:] == ("Bartek", 1, 0)


def info_title(data: bytes) -> str:
    """Returns the document title of a reportlab PDF: octal escapes of Latin-1
    text, or of UTF-16 after a byte order mark."""
    raw = re.search(rb"/Title \((.*?)\) ", data).group(1)
    unescaped = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), raw)
    unescaped = re.sub(rb"\\(.)", rb"\1", unescaped)
    if unescaped.startswith(b"\xfe\xff"):
        return unescaped.decode("utf-16")
    return unescaped.decode("latin-1")


def test_the_protocol_is_an_a4_pdf_with_the_counts_and_a_place_to_sign(school_a):
    election = closed(school_a)

    response = staff(school_a).get(
        reverse("election_results_protocol", args=[election.pk])
    )
    data = response.content
    text = pdf_text(data)

    assert response["Content-Type"] == "application/pdf"
    assert data.startswith(b"%PDF-")
    assert page_count(data) == 1
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in data
    assert info_title(data) == "Results protocol: Próba eksportu"
    assert b"DejaVuSans" in data
    for expected in (
        "Results protocol",
        "Eligible voters: 5. Voted: 5. Turnout: 100.0%.",
        "Ballots: 5; valid: 4; blank: 1; spoiled: 0.",
        "Bartek",
        "elected",
        "Signatures of the election commission",
    ):
        assert expected in text, expected


def test_no_file_exists_while_voting_is_open(school_a):
    election = election_with_votes(school_a)
    client = staff(school_a)

    for name in (
        "election_results_csv",
        "election_results_xlsx",
        "election_results_protocol",
    ):
        assert client.get(reverse(name, args=[election.pk])).status_code == 404, name


def test_the_ballot_list_is_downloadable_only_once_published(school_a):
    election = closed(school_a)
    anyone = Client(headers={"accept-language": "en"})
    addresses = [
        reverse("results_public_ballots", args=[election.public_id, fmt])
        for fmt in ("csv", "json")
    ]

    before = [anyone.get(address).status_code for address in addresses]
    services.election_publish(by=school_a.teacher, election=election)
    csv_response, json_response = (anyone.get(address) for address in addresses)

    assert before == [404, 404]
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert len(rows) == 5
    assert sorted(row["Names"] for row in rows) == [
        "",
        "'" + EVIL,
        "'" + EVIL,
        "'" + EVIL,
        "Bartek",
    ]
    document = json.loads(json_response.content)
    names = {o["id"]: o["name"] for o in document["options"]}
    recount = {}
    for ballot in document["ballots"]:
        if ballot["status"] == "valid":
            name = names[ballot["choices"]["mark"]]
            recount[name] = recount.get(name, 0) + 1
    assert recount == {EVIL: 3, "Bartek": 1}
    assert [b["tracker"] for b in document["ballots"]] == sorted(
        b["tracker"] for b in document["ballots"]
    )


def test_an_unknown_ballot_list_format_is_404(school_a):
    election = closed(school_a)
    services.election_publish(by=school_a.teacher, election=election)

    address = reverse("results_public_ballots", args=[election.public_id, "xml"])

    assert Client().get(address).status_code == 404


def test_an_embargoed_election_exposes_nothing_to_the_public(school_a):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.CUSTOM,
        title="Pod embargiem",
        method=Method.PLURALITY,
        classrooms=[school_a.classroom],
        results_not_before=future(60 * 24),
    )
    contest = election.contests.get()
    ala = services.option_add(by=school_a.teacher, contest=contest, name="Ala").pk
    services.election_open(by=school_a.teacher, election=election)
    cast_all(school_a, election, [{"mark": ala}])
    services.election_close(by=school_a.teacher, election=election)
    with pytest.raises(ValidationError):
        services.election_publish(by=school_a.teacher, election=election)
    anyone = Client()
    public_id = election.public_id

    for address in (
        reverse("results_public", args=[public_id]),
        reverse("results_public_ballots", args=[public_id, "csv"]),
        reverse("results_public_ballots", args=[public_id, "json"]),
        reverse("results_public_projector", args=[public_id, 1]),
    ):
        assert anyone.get(address).status_code == 404, address
