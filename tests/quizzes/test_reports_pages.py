"""A live game's report for its teacher: the page with its charts and tables,
and the CSV and XLSX downloads, built from a game played through the services."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from quizzes import services
from quizzes.models import AttemptAnswer
from quizzes.services import selfpaced
from school_councils import services as school_services
from tests.quizzes.factories import right_choice, start, wrong_choice
from tests.quizzes.selfpaced_world import assign, client_for, right

pytestmark = pytest.mark.django_db


def played(world):
    """A finished game: Ala right fast then right; -Bob wrong then no answer."""
    session = start(world)
    t0 = timezone.now()
    ala = services.player_join(pin=session.pin, nickname="Ala").player
    bob = services.player_join(pin=session.pin, nickname="-Bob").player
    for player in (ala, bob):
        services.player_connected(player=player)

    def host(action, at):
        return services.live_session_advance(
            session=session,
            by=world.teacher,
            action=action,
            now=t0 + timedelta(seconds=at),
        )

    def answer(player, index, choice, at):
        stored = services.answer_submit(
            player=player,
            question_index=index,
            answer={"choice": choice},
            now=t0 + timedelta(seconds=at),
        )
        services.answer_followup(answer=stored)

    host("start", 0)
    answer(ala, 0, right_choice(session, 0), 1)
    answer(bob, 0, wrong_choice(session, 0), 3)
    host("next", 4)  # leaderboard
    host("next", 5)  # question 2
    answer(ala, 1, right_choice(session, 1), 7)
    services.live_session_close_if_due(
        session_id=session.pk, now=t0 + timedelta(seconds=60)
    )
    host("end", 61)
    session.refresh_from_db()
    return session


def test_the_report_shows_each_question_and_each_player(school_a):
    session = played(school_a)

    response = client_for(school_a.teacher).get(
        reverse("live_report", args=[session.pk])
    )

    assert response.status_code == 200
    report = response.context["report"]
    first, second, third = report.questions
    assert (first.answered, first.correct, first.average_ms) == (2, 1, 2000)
    assert (second.answered, second.correct) == (1, 1)
    assert third.answered == 0
    assert [q.number for q in response.context["hardest"]][:1] == [3]
    ala, bob = report.takers
    assert (ala.name, ala.correct, ala.best_streak) == ("Ala", 2, 2)
    assert ala.score == session.players.get(nickname="Ala").score
    assert [c.answered for c in bob.cells] == [True, False, False]
    text = response.content.decode()
    assert text.count("<svg") == 2
    assert "✓ marks the right answer." in text
    assert 'role="img"' in text


def test_the_players_csv_downloads_with_the_title_and_date_in_its_name(school_a):
    session = played(school_a)

    response = client_for(school_a.teacher).get(
        reverse("live_report_csv", args=[session.pk, "players"])
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    day = timezone.localtime(session.created_at).date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="konstytucja-{day}-players.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Ala", "'-Bob"]


def test_an_unknown_table_is_not_found(school_a):
    session = played(school_a)

    response = client_for(school_a.teacher).get(
        reverse("live_report_csv", args=[session.pk, "grades"])
    )

    assert response.status_code == 404


def test_the_workbook_opens_with_both_sheets(school_a):
    session = played(school_a)

    response = client_for(school_a.teacher).get(
        reverse("live_report_xlsx", args=[session.pk])
    )

    assert response["Content-Disposition"].endswith('-report.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Questions", "Pupils"]
    assert [c.value for c in book["Pupils"]["A"]][1:] == ["Ala", "'-Bob"]
    assert book["Questions"]["B2"].value == "Who passes laws?"


def test_the_assignment_exports_carry_pseudonyms_escaped(school_a):
    (pupil,) = school_services.pupils_add(
        by=school_a.teacher,
        classroom=school_a.classroom,
        pseudonyms_text="=cmd|' /C calc'!A0",
    )
    assignment = assign(school_a)
    selfpaced.attempt_start(pupil=pupil, assignment=assignment)
    selfpaced.attempt_answer(
        pupil=pupil,
        assignment=assignment,
        question_index=0,
        answer={"choice": right(assignment, 0)},
    )
    teacher = client_for(school_a.teacher)

    data = teacher.get(
        reverse("assignment_report_csv", args=[assignment.pk, "players"])
    ).content.decode("utf-8-sig")
    book = load_workbook(
        io.BytesIO(
            teacher.get(reverse("assignment_report_xlsx", args=[assignment.pk])).content
        )
    )

    assert AttemptAnswer.objects.count() == 1
    assert "'=cmd|' /C calc'!A0" in data
    cell = book["Pupils"]["A2"]
    assert (cell.value, cell.data_type) == ("'=cmd|' /C calc'!A0", "s")


def test_the_reports_page_lists_games_and_assignments(school_a, school_b):
    session = played(school_a)
    assignment = assign(school_a)
    played(school_b)

    response = client_for(school_a.teacher).get(reverse("quiz_reports"))

    assert list(response.context["sessions"]) == [session]
    assert list(response.context["assignments"]) == [assignment]
