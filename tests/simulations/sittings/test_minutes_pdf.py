"""The minutes of a sitting as a PDF: attendance, agenda, motions, every vote
with its result, majority and article; names for a roll call, totals only for an
open or a secret vote."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from simulations.pdf_minutes import minutes_pdf
from simulations.services import sittings as services
from tests.school_councils.test_cards_pdf import page_count, pdf_text

from .conftest import open_sitting, student_council, vote_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(school_a):
    """A sitting: 4 of 5 present; a roll call adopts one motion, a secret vote
    rejects another."""
    cw = open_sitting(student_council(school_a), present=4)
    roll = services.motion_add(
        by=cw.chair,
        sitting=cw.sitting,
        title="Roll motion",
        text="Text A.",
        majority="three_fifths_of_seats",
    )
    vote = services.vote_open(by=cw.chair, kind="roll_call", motion=roll)
    vote_all(cw, vote, ["for", "for", "for", "against"])
    services.vote_close(by=cw.chair, vote=vote)
    hidden = services.motion_add(
        by=cw.chair, sitting=cw.sitting, title="Secret motion", text="Text B."
    )
    vote = services.vote_open(by=cw.chair, kind="secret", motion=hidden)
    vote_all(cw, vote, ["against", "against", "for", "abstain"])
    services.vote_close(by=cw.chair, vote=vote)
    services.sitting_close(by=cw.chair, sitting=cw.sitting)
    return cw


def english_minutes(sitting):
    with translation.override("en"):
        return minutes_pdf(sitting=sitting)


def test_the_minutes_hold_attendance_votes_rules_and_resolutions(held):
    data = english_minutes(held.sitting)
    # Table cells wrap: compare words, not lines.
    text = " ".join(pdf_text(data).split())

    assert data.startswith(b"%PDF-")
    assert page_count(data) >= 1
    assert b"DejaVuSans" in data
    for expected in (
        "Minutes of sitting 1",
        "Attendance",
        "Statutory seats: 5. Present: 4. Quorum: 3.",
        "Regulamin",
        "Roll motion",
        "Secret motion",
        "u.s.g. art. 28b ust. 4",
        "u.s.g. art. 14 ust. 1",
        "Roll call: Roll motion",
        "Adopted",
        "Rejected",
    ):
        assert expected in text, expected
    assert f"Resolution I/1/{timezone.localdate().year}" in text


def test_only_the_roll_call_names_voters(held):
    text = pdf_text(english_minutes(held.sitting))
    assert text.count("Roll call:") == 1
    assert "Roll call: Secret motion" not in text
    # The roll call lists the voter and their vote: Zwinny Lis voted for.
    roll_call = text.split("Roll call: Roll motion", 1)[1]
    assert "Zwinny Lis" in roll_call


def test_members_download_the_minutes(held):
    client = Client()
    client.force_login(held.member(1))
    response = client.get(reverse("sitting_minutes", args=[held.sitting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
