"""Statistics of a played quiz, from plain data: no Django, no database.

The same report serves a live game and a self-paced assignment. The edges read
their rows into :class:`QuestionInfo`, :class:`Taker` and :class:`Response` and get
back, per question, how the class answered (a distribution fit for a bar chart,
the share of right answers, the average response time) and, per taker, their
score, right answers, average time, longest streak and a cell per question.

The exports (CSV and XLSX) are built here too, from a report and the headings the
edge translates. A spreadsheet application runs a cell that starts with ``=``,
``+``, ``-`` or ``@`` as a formula, so a nickname like ``=HYPERLINK(...)`` would
become a link in the teacher's spreadsheet: every such text cell is prefixed
with an apostrophe (:func:`safe_cell`), numbers are left alone.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from quizzes.engine.checking import is_correct
from quizzes.engine.questions import ONE_CHOICE_KINDS, Kind, QuestionSpec
from quizzes.engine.text import normalise

# Text answers grouped beyond this many make one "other answers" bar.
MAX_BUCKETS = 12
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_SHEET_TITLE_MAX = 31


# What goes in -----------------------------------------------------------------


@dataclass(frozen=True)
class QuestionInfo:
    """A question as it was played: its place, text, the engine's spec and the
    text of each choice by id. ``shown`` counts the takers who were shown it
    (None: all of them)."""

    index: int
    text: str
    spec: QuestionSpec
    labels: Mapping[int, str] = field(default_factory=dict)
    shown: int | None = None


@dataclass(frozen=True)
class Taker:
    """A player (by nickname) or a pupil (by pseudonym) and their final score."""

    id: int
    name: str
    score: int


@dataclass(frozen=True)
class Response:
    """One stored answer in canonical form; ``points`` include any bonus and are
    0 for a question that did not count."""

    taker: int
    question_index: int
    answer: dict
    correct: bool | None
    points: int
    response_ms: int


# What comes out ---------------------------------------------------------------


@dataclass(frozen=True)
class Bucket:
    """One bar: ``label`` is a choice, value or typed text; ``key`` is ``answer``
    for those, or ``right``, ``wrong`` or ``other`` for bars the edge names.
    ``correct`` is None where the question has no right answer."""

    key: str
    label: str
    count: int
    share: float
    correct: bool | None


@dataclass(frozen=True)
class QuestionReport:
    index: int
    text: str
    kind: Kind
    scored: bool
    shown: int
    answered: int
    correct: int
    average_ms: int | None
    buckets: list[Bucket]

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def share_correct(self) -> float | None:
        """Right answers per taker shown the question (a missing answer is not
        right), from 0 to 1; None for questions without a right answer."""
        if not self.scored or not self.shown:
            return None
        return self.correct / self.shown

    @property
    def average_seconds(self) -> float | None:
        return None if self.average_ms is None else self.average_ms / 1000


@dataclass(frozen=True)
class Cell:
    """A taker's answer to one question: ``answered`` False when there is none."""

    answered: bool
    correct: bool | None
    points: int


@dataclass(frozen=True)
class TakerReport:
    name: str
    score: int
    answered: int
    correct: int
    average_ms: int | None
    best_streak: int
    cells: list[Cell]

    @property
    def average_seconds(self) -> float | None:
        return None if self.average_ms is None else self.average_ms / 1000


@dataclass(frozen=True)
class Report:
    questions: list[QuestionReport]
    takers: list[TakerReport]

    @property
    def hardest(self) -> list[QuestionReport]:
        """Questions with a right answer, lowest share of right answers first;
        among equals, the slower answered first, then in quiz order."""
        rated = [q for q in self.questions if q.share_correct is not None]
        return sorted(
            rated,
            key=lambda q: (q.share_correct, -(q.average_ms or 0), q.index),
        )


# Computing --------------------------------------------------------------------


def _average(values: Sequence[int]) -> int | None:
    return round(sum(values) / len(values)) if values else None


def _share(count: int, whole: int) -> float:
    return count / whole if whole else 0.0


def _choice_buckets(info: QuestionInfo, answers: list[dict]) -> list[Bucket]:
    spec = info.spec
    counts = Counter(
        choice
        for answer in answers
        for choice in answer.get("choices", [answer.get("choice")])
    )
    scored = spec.kind != Kind.POLL
    return [
        Bucket(
            "answer",
            info.labels.get(choice, str(choice)),
            counts.get(choice, 0),
            _share(counts.get(choice, 0), len(answers)),
            (choice in spec.correct) if scored else None,
        )
        for choice in spec.choices
    ]


def _value_buckets(info: QuestionInfo, answers: list[dict]) -> list[Bucket]:
    counts = Counter(answer["value"] for answer in answers)
    return [
        Bucket(
            "answer",
            _number_text(value),
            n,
            _share(n, len(answers)),
            is_correct(info.spec, {"value": value}),
        )
        for value, n in sorted(counts.items())
    ]


def _number_text(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _text_buckets(info: QuestionInfo, answers: list[dict]) -> list[Bucket]:
    """Groups typed texts that normalise alike, shown as first spelled, most
    frequent first; the tail beyond :data:`MAX_BUCKETS` becomes one bar."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for answer in answers:
        key = normalise(answer["text"]) or answer["text"]
        counts[key] += 1
        spelling.setdefault(key, answer["text"])
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    kept, rest = ordered[: MAX_BUCKETS - 1], ordered[MAX_BUCKETS - 1 :]
    if len(rest) == 1:
        kept, rest = ordered, []
    scored = info.spec.kind == Kind.TYPE_ANSWER
    buckets = [
        Bucket(
            "answer",
            spelling[key],
            n,
            _share(n, len(answers)),
            is_correct(info.spec, {"text": spelling[key]}) if scored else None,
        )
        for key, n in kept
    ]
    if rest:
        n = sum(count for _key, count in rest)
        buckets.append(Bucket("other", "", n, _share(n, len(answers)), None))
    return buckets


def _right_wrong_buckets(responses: list[Response]) -> list[Bucket]:
    right = sum(1 for r in responses if r.correct)
    wrong = len(responses) - right
    total = len(responses)
    return [
        Bucket("right", "", right, _share(right, total), True),
        Bucket("wrong", "", wrong, _share(wrong, total), False),
    ]


def buckets(info: QuestionInfo, responses: list[Response]) -> list[Bucket]:
    """Returns the bars of one question's answers: one per choice (zeros
    included) for choice kinds, per value for sliders, per typed text for typed
    answers, word clouds and open answers, right and wrong for put-in-order."""
    kind = info.spec.kind
    answers = [r.answer for r in responses]
    if kind in ONE_CHOICE_KINDS or kind == Kind.MULTIPLE:
        return _choice_buckets(info, answers)
    if kind == Kind.SLIDER:
        return _value_buckets(info, answers)
    if kind == Kind.ORDER:
        return _right_wrong_buckets(responses)
    return _text_buckets(info, answers)


def _question_report(
    info: QuestionInfo, responses: list[Response], takers: int
) -> QuestionReport:
    return QuestionReport(
        index=info.index,
        text=info.text,
        kind=info.spec.kind,
        scored=info.spec.scored,
        shown=takers if info.shown is None else info.shown,
        answered=len(responses),
        correct=sum(1 for r in responses if r.correct),
        average_ms=_average([r.response_ms for r in responses]),
        buckets=buckets(info, responses),
    )


def best_streak(questions: Sequence[QuestionInfo], cells: Sequence[Cell]) -> int:
    """Returns the longest run of right answers to scored questions in quiz
    order; questions without points neither extend nor end a run, as in the
    engine's streak bonus."""
    best = run = 0
    for info, cell in zip(questions, cells, strict=True):
        if not info.spec.scored:
            continue
        run = run + 1 if cell.correct else 0
        best = max(best, run)
    return best


def _taker_report(
    taker: Taker, questions: Sequence[QuestionInfo], mine: Mapping[int, Response]
) -> TakerReport:
    cells = [
        Cell(True, mine[q.index].correct, mine[q.index].points)
        if q.index in mine
        else Cell(False, None, 0)
        for q in questions
    ]
    answered = list(mine.values())
    return TakerReport(
        name=taker.name,
        score=taker.score,
        answered=len(answered),
        correct=sum(1 for r in answered if r.correct),
        average_ms=_average([r.response_ms for r in answered]),
        best_streak=best_streak(questions, cells),
        cells=cells,
    )


def build_report(
    questions: Iterable[QuestionInfo],
    takers: Iterable[Taker],
    responses: Iterable[Response],
) -> Report:
    """Returns the report of a played quiz. Responses of takers not listed, or to
    questions not listed, are left out (a removed player, a deleted question).
    Takers come best score first, then by name."""
    questions = sorted(questions, key=lambda q: q.index)
    takers = list(takers)
    known_takers = {t.id for t in takers}
    known_questions = {q.index for q in questions}
    by_question: dict[int, list[Response]] = {}
    by_taker: dict[int, dict[int, Response]] = {}
    for response in responses:
        if (
            response.taker not in known_takers
            or response.question_index not in known_questions
        ):
            continue
        by_question.setdefault(response.question_index, []).append(response)
        by_taker.setdefault(response.taker, {})[response.question_index] = response
    ordered = sorted(takers, key=lambda t: (-t.score, t.name.casefold(), t.id))
    return Report(
        questions=[
            _question_report(q, by_question.get(q.index, []), len(takers))
            for q in questions
        ],
        takers=[_taker_report(t, questions, by_taker.get(t.id, {})) for t in ordered],
    )


# Exports ----------------------------------------------------------------------


def safe_cell(value):
    """Returns ``value`` fit for a spreadsheet cell: text that a spreadsheet
    would run as a formula gets a leading apostrophe; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Table:
    title: str
    headings: list[str]
    rows: list[list]


@dataclass(frozen=True)
class Words:
    """The words of the exports in the user's language, from the edge."""

    questions: str
    takers: str
    number: str
    question: str
    kind: str
    shown: str
    answered: str
    right_answers: str
    share_right: str
    average_seconds: str
    answers: str
    name: str
    score: str
    best_streak: str
    right: str
    wrong: str
    no_answer: str
    other: str
    points_of: str  # e.g. "Q%(number)d points"
    answer_of: str  # e.g. "Q%(number)d"
    kinds: Mapping[str, str] = field(default_factory=dict)


def _seconds(value: float | None):
    return "" if value is None else round(value, 1)


def _bucket_text(bucket: Bucket, words: Words) -> str:
    label = {"right": words.right, "wrong": words.wrong, "other": words.other}.get(
        bucket.key, bucket.label
    )
    mark = " ✓" if bucket.correct else ""
    return f"{label}{mark}: {bucket.count}"


def questions_table(report: Report, words: Words) -> Table:
    """One row per question: answers, right answers, their share in per cent,
    the average time in seconds and the distribution as text (✓ marks a right
    answer)."""
    rows = [
        [
            q.number,
            q.text,
            words.kinds.get(q.kind, str(q.kind)),
            q.shown,
            q.answered,
            q.correct if q.scored else "",
            "" if q.share_correct is None else round(100 * q.share_correct, 1),
            _seconds(q.average_seconds),
            "; ".join(_bucket_text(b, words) for b in q.buckets),
        ]
        for q in report.questions
    ]
    headings = [
        words.number,
        words.question,
        words.kind,
        words.shown,
        words.answered,
        words.right_answers,
        words.share_right,
        words.average_seconds,
        words.answers,
    ]
    return Table(words.questions, headings, rows)


def _cell_text(cell: Cell, words: Words) -> str:
    if not cell.answered:
        return words.no_answer
    if cell.correct is None:
        return words.answered
    return words.right if cell.correct else words.wrong


def takers_table(report: Report, words: Words) -> Table:
    """One row per taker, best first: score, answers, right answers, average
    time, longest streak, then for each question the answer (right, wrong, no
    answer) and its points."""
    headings = [
        words.name,
        words.score,
        words.answered,
        words.right_answers,
        words.average_seconds,
        words.best_streak,
    ]
    for q in report.questions:
        headings.append(words.answer_of % {"number": q.number})
        headings.append(words.points_of % {"number": q.number})
    rows = []
    for t in report.takers:
        row = [
            t.name,
            t.score,
            t.answered,
            t.correct,
            _seconds(t.average_seconds),
            t.best_streak,
        ]
        for cell in t.cells:
            row.extend([_cell_text(cell, words), cell.points])
        rows.append(row)
    return Table(words.takers, headings, rows)


def csv_bytes(table: Table) -> bytes:
    """Returns the table as CSV in UTF-8 with a byte-order mark, which
    spreadsheet applications need to read Polish and Ukrainian letters right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in table.headings])
    for row in table.rows:
        writer.writerow([safe_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    """Returns a workbook with one sheet per table, headings in bold and frozen,
    numbers as numbers and every text cell as text."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title))
        sheet.append([safe_cell(h) for h in table.headings])
        for row in table.rows:
            sheet.append([safe_cell(value) for value in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "B2"
        _fit_columns(sheet, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Sheet")[:XLSX_SHEET_TITLE_MAX]


def _fit_columns(sheet, table: Table) -> None:
    for number, heading in enumerate(table.headings, start=1):
        values = [heading, *(row[number - 1] for row in table.rows)]
        width = max(len(str(v)) for v in values)
        sheet.column_dimensions[get_column_letter(number)].width = min(
            max(width + 2, 8), 60
        )
