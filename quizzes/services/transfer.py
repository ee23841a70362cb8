"""Quiz import and export: a versioned JSON document, and the common classroom-quiz
spreadsheet (CSV or XLSX).

Every import builds the quiz through :func:`quiz_create` and :func:`question_add`,
so the same rules apply as in the editor. An import is all or nothing: any error
rolls the whole quiz back, and the :class:`ValidationError` lists every problem,
each naming the question (JSON) or row (spreadsheet) and the field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from quizzes.models import Question, QuestionKind, Quiz
from quizzes.services.content import (
    MAX_QUESTIONS,
    SliderInput,
    question_add,
    quiz_create,
)
from school_councils.models import School

FORMAT = "youth-civics-quiz"
VERSION = 1
SPREADSHEET_ANSWERS = 4
SPREADSHEET_MAX_BYTES = 1_000_000
DEFAULT_TIME_LIMIT = 20
SLIDER_LIMIT = 10**8
UNREADABLE = gettext_noop(
    "The spreadsheet cannot be read. Save it again as .xlsx or .csv."
)
SLIDER_KEYS = ("minimum", "maximum", "step", "correct", "tolerance")

# Export ---------------------------------------------------------------------------


def _slider_json(question: Question) -> dict:
    values = (
        question.slider_min,
        question.slider_max,
        question.slider_step,
        question.slider_correct,
        question.slider_tolerance,
    )
    # Fixed-point text, so 10 is "10" and not "1E+1".
    return {
        key: format(value.normalize(), "f")
        for key, value in zip(SLIDER_KEYS, values, strict=True)
    }


def _question_json(question: Question) -> dict:
    choices = list(question.choices.all())
    data = {
        "kind": question.kind,
        "text": question.text,
        "time_limit": question.time_limit,
        "points": question.points,
        "image_alt": question.image_alt,
    }
    if question.kind == QuestionKind.TRUE_FALSE:
        data["answer"] = bool(choices and choices[0].is_correct)
    elif question.kind == QuestionKind.SLIDER:
        data["slider"] = _slider_json(question)
    else:
        data["choices"] = [{"text": c.text, "correct": c.is_correct} for c in choices]
    return data


def quiz_export_json(*, quiz: Quiz) -> dict:
    """Returns the quiz and all its questions as a JSON-ready document (format
    ``youth-civics-quiz``, version 1; see docs/quizzes/import.md). Images are not
    included, only their descriptions."""
    questions = quiz.questions.order_by("position").prefetch_related("choices")
    return {
        "format": FORMAT,
        "version": VERSION,
        "quiz": {
            "title": quiz.title,
            "language": quiz.language,
            "visibility": quiz.visibility,
        },
        "questions": [_question_json(q) for q in questions],
    }


# Building a quiz from checked rows --------------------------------------------------


class _Problems:
    """Collects messages so the teacher sees every problem of a file at once."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, where: str, message: str, field: str | None = None) -> None:
        if field:
            text = _("%(where)s, %(field)s: %(message)s") % {
                "where": where,
                "field": field,
                "message": message,
            }
        else:
            text = _("%(where)s: %(message)s") % {"where": where, "message": message}
        self.messages.append(text)

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError(self.messages, code="import")


def _build(*, by, school, header: dict, questions: list, problems, named: bool):
    """Creates the quiz and its questions through the content services; ``questions``
    holds (where, question_add keywords) pairs. Raises with every problem found."""
    if not questions:
        problems.add(_("Quiz"), _("The file holds no questions."))
    if len(questions) > MAX_QUESTIONS:
        problems.add(
            _("Quiz"),
            _("A quiz has at most %(max)d questions.") % {"max": MAX_QUESTIONS},
        )
    problems.raise_if_any()
    try:
        quiz = quiz_create(by=by, school=school, **header)
    except ValidationError as exc:
        for message in exc.messages:
            problems.add(_("Quiz"), message, getattr(exc, "code", None))
        problems.raise_if_any()
    for where, fields in questions:
        try:
            # question_add is atomic itself: a refused question leaves nothing.
            question_add(by=by, quiz=quiz, **fields)
        except ValidationError as exc:
            field = getattr(exc, "code", None) if named else None
            for message in exc.messages:
                problems.add(where, message, field)
    problems.raise_if_any()
    return quiz


# JSON import ----------------------------------------------------------------------


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _json_choices(where, data, problems) -> tuple[list[str], list[int]] | None:
    choices = data.get("choices", [])
    if not isinstance(choices, list) or not all(
        isinstance(c, dict)
        and isinstance(c.get("text"), str)
        and isinstance(c.get("correct", False), bool)
        for c in choices
    ):
        problems.add(
            where,
            _("give a list of answers, each with a text and true/false correct."),
            "choices",
        )
        return None
    texts = [c["text"] for c in choices]
    correct = [i for i, c in enumerate(choices) if c.get("correct", False)]
    return texts, correct


def _json_slider(where, data, problems) -> SliderInput | None:
    slider = data.get("slider")
    if not isinstance(slider, dict) or any(
        not isinstance(slider.get(key, "0"), (str, int, float))
        or isinstance(slider.get(key), bool)
        for key in SLIDER_KEYS
    ):
        problems.add(
            where, _("give minimum, maximum, step and correct numbers."), "slider"
        )
        return None
    missing = [key for key in SLIDER_KEYS[:4] if key not in slider]
    if missing:
        problems.add(
            where, _("missing %(keys)s.") % {"keys": ", ".join(missing)}, "slider"
        )
        return None
    if not all(_fits_slider_field(slider.get(key, 0)) for key in SLIDER_KEYS):
        problems.add(
            where,
            _("use numbers below 100,000,000 with at most 4 decimal places."),
            "slider",
        )
        return None
    return SliderInput(**{key: slider.get(key, 0) for key in SLIDER_KEYS})


def _fits_slider_field(value) -> bool:
    """Whether a number fits the slider columns (12 digits, 4 after the point); an
    unreadable one is left to the content service, which names it."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return True
    if not number.is_finite():
        return True
    return abs(number) < SLIDER_LIMIT and number == round(number, 4)


def _json_kind_fields(where, data, problems) -> dict | None:
    kind = data["kind"]
    if kind == QuestionKind.TRUE_FALSE:
        answer = data.get("answer")
        if not isinstance(answer, bool):
            problems.add(where, _("must be true or false."), "answer")
            return None
        return {"correct": [0 if answer else 1]}
    if kind == QuestionKind.SLIDER:
        slider = _json_slider(where, data, problems)
        return None if slider is None else {"slider": slider}
    choices = _json_choices(where, data, problems)
    if choices is None:
        return None
    return {"choices": choices[0], "correct": choices[1]}


def _json_question(where, data, problems) -> dict | None:
    """Checks the shape of one question; the content services check the rules."""
    if not isinstance(data, dict):
        problems.add(where, _("must be an object."))
        return None
    checks = [
        ("kind", data.get("kind") in QuestionKind.values, _("choose a known kind.")),
        ("text", isinstance(data.get("text"), str), _("must be text.")),
        (
            "time_limit",
            _is_int(data.get("time_limit", DEFAULT_TIME_LIMIT)),
            _("must be a whole number of seconds."),
        ),
        (
            "points",
            data.get("points") is None or _is_int(data.get("points")),
            _("must be 0, 1000 or 2000."),
        ),
        ("image_alt", isinstance(data.get("image_alt", ""), str), _("must be text.")),
    ]
    failed = [(field, message) for field, ok, message in checks if not ok]
    for field, message in failed:
        problems.add(where, message, field)
    if failed:
        return None
    extra = _json_kind_fields(where, data, problems)
    if extra is None:
        return None
    return {
        "kind": data["kind"],
        "text": data["text"],
        "time_limit": data.get("time_limit", DEFAULT_TIME_LIMIT),
        "points": data.get("points"),
        "image_alt": data.get("image_alt", ""),
        **extra,
    }


def _holds_nul(data) -> bool:
    """Whether any key or string in the document holds NUL, which PostgreSQL text
    refuses. Walked without recursion, so deep nesting cannot overflow the stack."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str) and "\x00" in item:
            return True
    return False


def _json_header(data, problems) -> tuple[dict, list]:
    where = _("File")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        problems.add(where, _("This is not a quiz exported from Youth Civics."))
        problems.raise_if_any()
    if _holds_nul(data):
        problems.add(where, _("The file holds a NUL character, which text cannot."))
        problems.raise_if_any()
    version = data.get("version")
    if not _is_int(version) or not 1 <= version <= VERSION:
        problems.add(
            where,
            _("Version %(version)s is not supported; this site reads version %(ours)d.")
            % {"version": version, "ours": VERSION},
            "version",
        )
    quiz = data.get("quiz")
    questions = data.get("questions")
    if not isinstance(quiz, dict) or not isinstance(quiz.get("title"), str):
        problems.add(where, _("give the quiz with its title."), "quiz")
    if not isinstance(questions, list):
        problems.add(where, _("give a list of questions."), "questions")
    problems.raise_if_any()
    header = {"title": quiz["title"]}
    for key in ("language", "visibility"):
        if isinstance(quiz.get(key), str):
            header[key] = quiz[key]
    return header, questions


@transaction.atomic
def quiz_import_json(*, by, school: School, data) -> Quiz:
    """Creates a quiz owned by ``by`` in ``school`` from an exported document.

    Raises :class:`ValidationError` listing every problem ("Question 3, choices:
    Mark exactly one right answer."), leaving nothing behind, and
    :class:`~django.http.Http404` when ``by`` is not staff of ``school``.
    """
    problems = _Problems()
    header, raw = _json_header(data, problems)
    questions = []
    for number, item in enumerate(raw, start=1):
        where = _("Question %(number)d") % {"number": number}
        fields = _json_question(where, item, problems)
        if fields is not None:
            questions.append((where, fields))
    problems.raise_if_any()
    return _build(
        by=by,
        school=school,
        header=header,
        questions=questions,
        problems=problems,
        named=True,
    )


# Spreadsheet import ----------------------------------------------------------------


def _cell(value) -> str:
    # Spreadsheets store "20" as the number 20.0; "1,3" stays text.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else " ".join(str(value).split())


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            [_("Save the file as CSV in UTF-8 encoding.")], code="import"
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise ValidationError(
            [_(UNREADABLE)],
            code="import",
        ) from None


def _xlsx_rows(content: bytes) -> list[list]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=True
        )
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    # A damaged workbook surfaces as many kinds of error inside openpyxl and zipfile.
    except Exception:
        raise ValidationError(
            [_(UNREADABLE)],
            code="import",
        ) from None
    return rows


def _read_rows(content: bytes) -> list[list[str]]:
    if len(content) > SPREADSHEET_MAX_BYTES:
        raise ValidationError(
            [_("The file is too large: at most 1 MB.")], code="import"
        )
    rows = _xlsx_rows(content) if content[:4] == b"PK\x03\x04" else _csv_rows(content)
    width = 2 + SPREADSHEET_ANSWERS + 1
    cells = [([_cell(v) for v in row] + [""] * width)[:width] for row in rows]
    if any("\x00" in cell for row in cells for cell in row):
        raise ValidationError([_(UNREADABLE)], code="import")
    return cells


def _looks_like_header(row: list[str]) -> bool:
    return not any(ch.isdigit() for ch in row[-1])


def _true_false_words(language: str) -> tuple[set[str], set[str]]:
    trues, falses = {"true"}, {"false"}
    with override(language):
        trues.add(_("True").casefold())
        falses.add(_("False").casefold())
    return trues, falses


def _correct_numbers(text: str, count: int, say) -> list[int] | None:
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    if not parts:
        say(_("give the number of the correct answer (for example 1, or 1,3)."))
        return None
    numbers = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= count:
            say(
                _("the correct answer %(answer)s is not one of the %(count)d answers.")
                % {"answer": part, "count": count}
            )
            return None
        numbers.append(int(part) - 1)
    return sorted(set(numbers))


def _row_time_limit(text: str, say) -> int | None:
    if not text:
        return DEFAULT_TIME_LIMIT
    if not text.isdigit():
        say(_("the time limit must be a whole number of seconds."))
        return None
    return int(text)


def _row_question(row: list[str], language: str, say: Callable) -> dict | None:
    text, *answers = row[: 1 + SPREADSHEET_ANSWERS]
    time_text, correct_text = row[1 + SPREADSHEET_ANSWERS :]
    filled = [a for a in answers if a]
    if answers[: len(filled)] != filled:
        say(_("fill the answers from the first column on, without gaps."))
        return None
    time_limit = _row_time_limit(time_text, say)
    correct = _correct_numbers(correct_text, len(filled), say)
    if time_limit is None or correct is None:
        return None
    fields = {"text": text, "time_limit": time_limit, "choices": filled}
    trues, falses = _true_false_words(language)
    words = [a.casefold() for a in filled]
    is_true_false = sorted(w in trues for w in words) == [False, True] and all(
        w in trues | falses for w in words
    )
    if is_true_false and len(correct) == 1:
        right = 0 if words[correct[0]] in trues else 1
        return {**fields, "kind": QuestionKind.TRUE_FALSE, "correct": [right]}
    kind = QuestionKind.SINGLE if len(correct) == 1 else QuestionKind.MULTIPLE
    return {**fields, "kind": kind, "correct": correct}


@transaction.atomic
def quiz_import_spreadsheet(
    *, by, school: School, content: bytes, title: str, language: str = "pl"
) -> Quiz:
    """Creates a quiz from the classroom-quiz template (CSV in UTF-8 with commas or
    semicolons, or XLSX): per row a question, answers 1 to 4, the time limit in
    seconds and the number(s) of the correct answer(s) ("1,3").

    One correct answer makes a single-choice question, several a multiple-choice
    one; answers "True" and "False" alone make a true/false question. A first row
    without a number in the last column is a heading and skipped. Raises
    :class:`ValidationError` listing every problem ("Row 7: ..."), leaving nothing.
    """
    problems = _Problems()
    rows = _read_rows(content)
    questions = []
    for number, row in enumerate(rows, start=1):
        if not any(row) or (number == 1 and _looks_like_header(row)):
            continue
        where = _("Row %(number)d") % {"number": number}
        fields = _row_question(row, language, lambda m, w=where: problems.add(w, m))
        if fields is not None:
            questions.append((where, fields))
    problems.raise_if_any()
    return _build(
        by=by,
        school=school,
        header={"title": title, "language": language},
        questions=questions,
        problems=problems,
        named=False,
    )
