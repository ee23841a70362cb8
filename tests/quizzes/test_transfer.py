"""Quizzes leave as a JSON document and come back equal; spreadsheets of the common
classroom-quiz template become quizzes, or are refused whole with row messages."""

from __future__ import annotations

import copy
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from quizzes.models import Question, QuestionKind, Quiz
from quizzes.services import SliderInput
from quizzes.services.transfer import (
    quiz_export_json,
    quiz_import_json,
    quiz_import_spreadsheet,
)
from tests.quizzes.factories import add_question, empty_quiz

pytestmark = pytest.mark.django_db


def every_kind_quiz(world):
    quiz = empty_quiz(world)
    add_question(quiz, QuestionKind.SINGLE, choices=["A", "B", "C"], correct=[2])
    add_question(
        quiz,
        QuestionKind.MULTIPLE,
        choices=["A", "B", "C", "D"],
        correct=[0, 3],
        time_limit=45,
        points=2000,
    )
    add_question(quiz, QuestionKind.TRUE_FALSE, correct=[1], time_limit=10)
    add_question(quiz, QuestionKind.TYPE_ANSWER, choices=["Sejm", "the Sejm"])
    add_question(
        quiz,
        QuestionKind.SLIDER,
        slider=SliderInput(minimum=0, maximum=100, step="0.5", correct=10, tolerance=2),
    )
    add_question(quiz, QuestionKind.ORDER, choices=["1791", "1921", "1997"])
    add_question(quiz, QuestionKind.POLL, choices=["Yes", "No"], time_limit=30)
    add_question(quiz, QuestionKind.WORD_CLOUD, image_alt="A map of Kraków")
    add_question(quiz, QuestionKind.OPEN, points=0, time_limit=120)
    return quiz


def test_an_exported_quiz_imports_as_an_equal_quiz_with_every_kind(school_a):
    quiz = every_kind_quiz(school_a)
    document = quiz_export_json(quiz=quiz)
    copy_ = quiz_import_json(by=school_a.teacher, school=school_a.school, data=document)
    assert copy_.pk != quiz.pk
    assert quiz_export_json(quiz=copy_) == document
    kinds = [q["kind"] for q in document["questions"]]
    assert sorted(kinds) == sorted(QuestionKind.values)
    assert copy_.owner == school_a.teacher


def test_the_export_states_its_format_version_and_every_field(school_a):
    document = quiz_export_json(quiz=every_kind_quiz(school_a))
    assert document["format"] == "youth-civics-quiz"
    assert document["version"] == 1
    assert document["quiz"] == {
        "title": "Empty",
        "language": "en",
        "visibility": "school",
    }
    multiple, true_false, slider = (document["questions"][i] for i in (1, 2, 4))
    assert (multiple["time_limit"], multiple["points"]) == (45, 2000)
    assert [c["correct"] for c in multiple["choices"]] == [True, False, False, True]
    assert true_false["answer"] is False
    assert slider["slider"] == {
        "minimum": "0",
        "maximum": "100",
        "step": "0.5",
        "correct": "10",
        "tolerance": "2",
    }


def broken(document, index, **changes):
    document = copy.deepcopy(document)
    document["questions"][index].update(changes)
    return document


@pytest.mark.parametrize(
    ("index", "changes", "message"),
    [
        (0, {"kind": "essay"}, "Question 1, kind: choose a known kind."),
        (1, {"time_limit": "soon"}, "Question 2, time_limit: must be a whole number"),
        (2, {"answer": "yes"}, "Question 3, answer: must be true or false."),
        (0, {"time_limit": 999}, "Question 1, time_limit: The time limit is from 5"),
        (6, {"points": 1000}, "Question 7, points: Polls, word clouds"),
        (4, {"slider": {"minimum": 5}}, "Question 5, slider: missing maximum"),
        (
            4,
            {"slider": {"minimum": "1e20", "maximum": 1, "step": 1, "correct": 1}},
            "Question 5, slider: use numbers below",
        ),
        (
            0,
            {
                "choices": [
                    {"text": "A", "correct": True},
                    {"text": "B", "correct": True},
                ]
            },
            "Question 1, choices: Mark exactly one right answer.",
        ),
    ],
)
def test_a_bad_question_is_refused_naming_its_number_and_field(
    school_a, index, changes, message
):
    document = broken(
        quiz_export_json(quiz=every_kind_quiz(school_a)), index, **changes
    )
    before = Quiz.objects.count()
    with pytest.raises(ValidationError) as caught:
        quiz_import_json(by=school_a.teacher, school=school_a.school, data=document)
    assert any(m.startswith(message) for m in caught.value.messages), caught.value
    assert Quiz.objects.count() == before


def test_every_problem_of_a_document_is_listed_and_nothing_is_kept(school_a):
    document = quiz_export_json(quiz=every_kind_quiz(school_a))
    document = broken(document, 0, text="")
    document = broken(document, 8, time_limit=1)
    before = (Quiz.objects.count(), Question.objects.count())
    with pytest.raises(ValidationError) as caught:
        quiz_import_json(by=school_a.teacher, school=school_a.school, data=document)
    assert caught.value.messages == [
        "Question 1, text: Write the question.",
        "Question 9, time_limit: The time limit is from 5 to 240 seconds.",
    ]
    assert (Quiz.objects.count(), Question.objects.count()) == before


@pytest.mark.parametrize(
    "data",
    [
        [],
        "quiz",
        {"format": "other"},
        {"format": "youth-civics-quiz", "version": 2},
        {"format": "youth-civics-quiz", "version": 1, "quiz": {"title": "a\x00"}},
    ],
)
def test_a_document_that_is_not_an_export_is_refused_clearly(school_a, data):
    with pytest.raises(ValidationError) as caught:
        quiz_import_json(by=school_a.teacher, school=school_a.school, data=data)
    assert caught.value.messages[0].startswith("File")


def test_nobody_imports_into_another_school(school_a, school_b):
    document = quiz_export_json(quiz=every_kind_quiz(school_a))
    with pytest.raises(Http404):
        quiz_import_json(by=school_a.teacher, school=school_b.school, data=document)
    assert not school_b.school.quizzes.exists()


# Spreadsheets ---------------------------------------------------------------------

HEADING = (
    "Question,Answer 1,Answer 2,Answer 3,Answer 4,Time limit (sec),Correct answer(s)"
)


def import_csv(world, text, **options):
    return quiz_import_spreadsheet(
        by=world.teacher,
        school=world.school,
        content=text.encode("utf-8"),
        title="Z arkusza",
        language="en",
        **options,
    )


def summary(quiz):
    return [
        (
            q.kind,
            q.text,
            q.time_limit,
            [(c.text, c.is_correct) for c in q.choices.all()],
        )
        for q in quiz.questions.order_by("position")
    ]


def test_a_csv_template_becomes_single_multiple_and_true_false_questions(school_a):
    quiz = import_csv(
        school_a,
        "\n".join(
            [
                HEADING,
                "Who passes laws?,Sejm,President,Court,,20,1",
                'Which are chambers?,Sejm,Senate,Court,Bank,30,"1,2"',
                "Kraków is a capital.,True,False,,,10,2",
                "Zażółć gęślą jaźń?,Tak,Nie,,,,1",
            ]
        ),
    )
    assert summary(quiz) == [
        (
            "single",
            "Who passes laws?",
            20,
            [("Sejm", True), ("President", False), ("Court", False)],
        ),
        (
            "multiple",
            "Which are chambers?",
            30,
            [("Sejm", True), ("Senate", True), ("Court", False), ("Bank", False)],
        ),
        ("true_false", "Kraków is a capital.", 10, [("True", False), ("False", True)]),
        ("single", "Zażółć gęślą jaźń?", 20, [("Tak", True), ("Nie", False)]),
    ]


def test_a_semicolon_csv_with_a_byte_order_mark_is_read(school_a):
    text = "\ufeff" + HEADING.replace(",", ";") + "\nCzy?;Tak;Nie;;;15;1,2\n"
    quiz = import_csv(school_a, text)
    assert summary(quiz) == [("multiple", "Czy?", 15, [("Tak", True), ("Nie", True)])]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Q?,A,B,C,D,20,5", "Row 3: the correct answer 5 is not one of the 4 answers."),
        ("Q?,A,B,,,20,3", "Row 3: the correct answer 3 is not one of the 2 answers."),
        ("Q?,A,B,,,20,", "Row 3: give the number of the correct answer"),
        ("Q?,A,B,,,soon,1", "Row 3: the time limit must be a whole number"),
        ("Q?,A,B,,,600,1", "Row 3: The time limit is from 5 to 240 seconds."),
        ("Q?,A,,C,,20,1", "Row 3: fill the answers from the first column on"),
        (",A,B,,,20,1", "Row 3: Write the question."),
        ("Q?,A,A,,,20,1", "Row 3: Two answers are the same."),
    ],
)
def test_a_bad_row_is_refused_with_its_row_number(school_a, row, message):
    text = f"{HEADING}\nGood?,Yes,No,,,20,1\n{row}\n"
    with pytest.raises(ValidationError) as caught:
        import_csv(school_a, text)
    assert any(m.startswith(message) for m in caught.value.messages), caught.value
    assert not Quiz.objects.filter(title="Z arkusza").exists()


def test_a_file_that_is_not_utf8_is_refused_with_advice(school_a):
    with pytest.raises(ValidationError) as caught:
        quiz_import_spreadsheet(
            by=school_a.teacher,
            school=school_a.school,
            content="Źle?,Tak,Nie,,,20,1".encode("cp1250"),
            title="X",
        )
    assert "UTF-8" in caught.value.messages[0]


def test_a_file_with_nul_bytes_is_refused_clearly(school_a):
    with pytest.raises(ValidationError) as caught:
        import_csv(school_a, "Q?,A,B\x00,,,20,1\n")
    assert "cannot be read" in caught.value.messages[0]


def test_an_empty_spreadsheet_is_refused(school_a):
    with pytest.raises(ValidationError) as caught:
        import_csv(school_a, HEADING + "\n")
    assert caught.value.messages == ["Quiz: The file holds no questions."]


def xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_template_is_read_like_a_csv(school_a):
    content = xlsx(
        [
            HEADING.split(","),
            ["Who passes laws?", "Sejm", "President", None, None, 20, 1],
            ["Which are chambers?", "Sejm", "Senate", "Court", None, 30.0, "1,2"],
        ]
    )
    quiz = quiz_import_spreadsheet(
        by=school_a.teacher, school=school_a.school, content=content, title="XLSX"
    )
    assert [(q.kind, q.time_limit) for q in quiz.questions.all()] == [
        ("single", 20),
        ("multiple", 30),
    ]


def test_a_damaged_xlsx_is_refused_clearly(school_a):
    with pytest.raises(ValidationError) as caught:
        quiz_import_spreadsheet(
            by=school_a.teacher,
            school=school_a.school,
            content=b"PK\x03\x04broken",
            title="X",
        )
    assert "cannot be read" in caught.value.messages[0]
