"""The quiz as the classroom-quiz spreadsheet (XLSX), the same template the import
reads (docs/quizzes/import.md), so a teacher can edit it in a spreadsheet program
and import it again.

The template knows only questions with two to four answers and right ones marked:
single and multiple choice and true/false. Other kinds are left out and counted, so
the page can say that JSON keeps the whole quiz.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import override

from quizzes.models import Question, QuestionKind, Quiz
from quizzes.services.transfer import SPREADSHEET_ANSWERS

FITTING_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE}


@dataclass(frozen=True)
class SpreadsheetExport:
    content: bytes
    exported: int
    left_out: int


def fits_spreadsheet(question: Question) -> bool:
    """Whether the template can hold the question (choices prefetched)."""
    return (
        question.kind in FITTING_KINDS
        and len(question.choices.all()) <= SPREADSHEET_ANSWERS
    )


def _row(question: Question) -> list:
    choices = list(question.choices.all())
    answers = [c.text for c in choices]
    answers += [None] * (SPREADSHEET_ANSWERS - len(answers))
    right = ",".join(str(i) for i, c in enumerate(choices, start=1) if c.is_correct)
    return [question.text, *answers, question.time_limit, right]


def _keep_text(cells) -> None:
    """Stores text that starts with "=" as text: a spreadsheet would run it as a
    formula, and a formula's value is never read back."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def quiz_export_spreadsheet(*, quiz: Quiz) -> SpreadsheetExport:
    """Returns the quiz's fitting questions as an XLSX workbook in the import
    template, headings in the quiz's language."""
    import openpyxl

    questions = list(quiz.questions.order_by("position").prefetch_related("choices"))
    fitting = [q for q in questions if fits_spreadsheet(q)]
    book = openpyxl.Workbook()
    sheet = book.active
    with override(quiz.language):
        sheet.title = _("Questions")
        sheet.append(
            [
                _("Question"),
                *[
                    _("Answer %(number)d") % {"number": n}
                    for n in range(1, SPREADSHEET_ANSWERS + 1)
                ],
                _("Time limit (sec)"),
                _("Correct answer(s)"),
            ]
        )
    for question in fitting:
        sheet.append(_row(question))
        _keep_text(sheet[sheet.max_row])
    buffer = io.BytesIO()
    book.save(buffer)
    return SpreadsheetExport(
        buffer.getvalue(), len(fitting), len(questions) - len(fitting)
    )
