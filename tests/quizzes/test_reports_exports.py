"""CSV and XLSX exports: their content, file names, and text that a spreadsheet
would run as a formula kept as plain text."""

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from quizzes.engine import Kind, QuestionSpec
from quizzes.reports import (
    QuestionInfo,
    Response,
    Taker,
    Words,
    build_report,
    csv_bytes,
    questions_table,
    safe_cell,
    takers_table,
    xlsx_bytes,
)
from quizzes.views.reports import file_name

WORDS = Words(
    questions="Questions",
    takers="Pupils",
    number="No.",
    question="Question",
    kind="Kind",
    shown="Shown to",
    answered="Answered",
    right_answers="Right answers",
    share_right="Right answers (%)",
    average_seconds="Average time (s)",
    answers="Answers",
    name="Nickname",
    score="Score",
    best_streak="Longest streak",
    right="right",
    wrong="wrong",
    no_answer="no answer",
    other="Other answers",
    points_of="Q%(number)d points",
    answer_of="Q%(number)d",
    kinds={"single": "Single choice"},
)
SINGLE = QuestionInfo(
    index=0,
    text="Who passes laws?",
    spec=QuestionSpec(Kind.SINGLE, choices=(11, 12), correct=frozenset({11})),
    labels={11: "Sejm", 12: "=1+1"},
)
EVIL = '=HYPERLINK("http://example.org","x")'


def report(name="Żaneta"):
    return build_report(
        [SINGLE],
        [Taker(1, name, 950), Taker(2, "Bob", 0)],
        [
            Response(1, 0, {"choice": 11}, True, 950, 2000),
            Response(2, 0, {"choice": 12}, False, 0, 4500),
        ],
    )


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "a BOM, for spreadsheet applications"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+48 123", "'+48 123"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tTab", "'\tTab"),
        ("Ala", "Ala"),
        ("", ""),
        (-5, -5),
        (1.5, 1.5),
    ],
)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(value, expected):
    assert safe_cell(value) == expected


def test_the_players_csv_has_a_row_per_player_best_first():
    rows = read_csv(csv_bytes(takers_table(report(), WORDS)))

    assert rows[0] == [
        "Nickname",
        "Score",
        "Answered",
        "Right answers",
        "Average time (s)",
        "Longest streak",
        "Q1",
        "Q1 points",
    ]
    assert rows[1] == ["Żaneta", "950", "1", "1", "2.0", "1", "right", "950"]
    assert rows[2] == ["Bob", "0", "1", "0", "4.5", "0", "wrong", "0"]


def test_the_questions_csv_has_the_statistics_and_the_distribution():
    rows = read_csv(csv_bytes(questions_table(report(), WORDS)))

    assert rows[1] == [
        "1",
        "Who passes laws?",
        "Single choice",
        "2",
        "2",
        "1",
        "50.0",
        "3.2",
        # Only a cell's start can make it a formula.
        "Sejm ✓: 1; =1+1: 1",
    ]


def test_a_nickname_written_as_a_formula_stays_text_in_the_csv():
    rows = read_csv(csv_bytes(takers_table(report(name=EVIL), WORDS)))

    names = [row[0] for row in rows[1:]]
    assert "'" + EVIL in names
    assert EVIL not in names


def test_the_workbook_has_a_sheet_per_table_with_numbers_as_numbers():
    tables = [questions_table(report(), WORDS), takers_table(report(), WORDS)]
    book = load_workbook(io.BytesIO(xlsx_bytes(tables)))

    assert book.sheetnames == ["Questions", "Pupils"]
    pupils = book["Pupils"]
    assert [c.value for c in pupils[1]][:2] == ["Nickname", "Score"]
    assert [c.value for c in pupils[2]] == ["Żaneta", 950, 1, 1, 2.0, 1, "right", 950]
    assert pupils["B2"].data_type == "n"
    assert pupils["A1"].font.bold
    questions = book["Questions"]
    assert questions["G2"].value == 50.0


def test_a_nickname_written_as_a_formula_stays_text_in_the_workbook():
    table = takers_table(report(name=EVIL), WORDS)
    book = load_workbook(io.BytesIO(xlsx_bytes([table])))

    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    assert "'" + EVIL in [cell.value for cell in cells]


def test_sheet_names_lose_the_characters_excel_refuses():
    table = takers_table(report(), WORDS)
    renamed = type(table)("Pupils: 7b/8a [all]? and many more words", [], [])

    book = load_workbook(io.BytesIO(xlsx_bytes([renamed])))

    assert book.sheetnames == ["Pupils  7b 8a  all   and many m"]


def test_file_names_carry_the_quiz_title_and_the_date():
    moment = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)

    # Half past midnight in Kraków: the local date is the 3rd.
    assert (
        file_name("Konstytucja RP: 3 maja!", moment, "players.csv")
        == "konstytucja-rp-3-maja-2026-03-03-players.csv"
    )
    assert file_name("Łódź i Żółć", moment, "x.csv") == "lodz-i-zolc-2026-03-03-x.csv"
    assert file_name("Конституція", moment, "x.csv") == "quiz-2026-03-03-x.csv"
