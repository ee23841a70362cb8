"""Reports of played quizzes for teachers: a live game or a self-paced
assignment, on screen (bar charts drawn as SVG on the server, with tables) and as
CSV and XLSX files.

Rows are read here into the plain data of :mod:`quizzes.reports`, which does the
counting. Only the session's host and the staff of its school see a live
game's report; an assignment's report, the staff who manage the class. Pupils
appear by nickname or pseudonym and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from quizzes import reports, selectors
from quizzes.engine.text import normalise
from quizzes.models import (
    Answer,
    AttemptAnswer,
    LiveSession,
    Question,
    QuestionKind,
    QuizAssignment,
)
from school_councils.views.access import staff_page

RECENT = 50
TABLES = ("questions", "players")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Reading rows into plain data ---------------------------------------------------


def _question_infos(question_ids: list[int], shown) -> list[reports.QuestionInfo]:
    """The questions in play order; a question deleted since is left out.
    ``shown(index)`` says how many takers were shown it (None: all)."""
    rows = Question.objects.filter(pk__in=question_ids).prefetch_related("choices")
    by_pk = {q.pk: q for q in rows}
    return [
        reports.QuestionInfo(
            index=index,
            text=by_pk[pk].text,
            spec=by_pk[pk].spec(),
            labels={c.pk: c.text for c in by_pk[pk].choices.all()},
            shown=shown(index),
        )
        for index, pk in enumerate(question_ids)
        if pk in by_pk
    ]


def live_report(session: LiveSession) -> reports.Report:
    """The report of a live game (so far, while it runs): players not removed,
    points of questions that counted."""
    reached = session.question_index if session.is_active else None

    def shown(index):
        if session.is_active and (reached is None or index > reached):
            return 0
        return None

    players = session.players.filter(removed=False)
    answers = Answer.objects.filter(player__session=session, player__removed=False)
    return reports.build_report(
        _question_infos(session.question_ids, shown),
        [reports.Taker(p.pk, p.nickname, p.score) for p in players],
        [
            reports.Response(
                a.player_id,
                a.question_index,
                a.payload,
                a.correct,
                a.points + a.bonus if a.scored else 0,
                a.response_ms,
            )
            for a in answers
        ],
    )


def assignment_report(assignment: QuizAssignment) -> reports.Report:
    """The report of a self-paced assignment: every pupil who started it, each
    question counted over the pupils who were shown it."""
    attempts = list(assignment.attempts.select_related("pupil"))

    def shown(index):
        return sum(
            1
            for a in attempts
            if a.question_index > index
            or (a.question_index == index and a.question_opened_at is not None)
        )

    answers = AttemptAnswer.objects.filter(attempt__assignment=assignment)
    return reports.build_report(
        _question_infos(assignment.question_ids, shown),
        [reports.Taker(a.pk, a.pupil.pseudonym, a.score) for a in attempts],
        [
            reports.Response(
                a.attempt_id,
                a.question_index,
                a.payload,
                a.correct,
                a.points + a.bonus,
                a.response_ms,
            )
            for a in answers
        ],
    )


# Charts -------------------------------------------------------------------------

# A 600-unit-wide SVG: labels on the left, bars after them, each bar's count at
# its end. Whole numbers only, so no locale turns a coordinate into "12,5".
CHART_WIDTH = 600
BAR_HEIGHT = 30
LABEL_WIDTH = 230
LONGEST_BAR = 300


@dataclass(frozen=True)
class ChartBar:
    label: str
    count: int
    percent: float
    correct: bool | None
    width: int
    y: int

    @property
    def bar_y(self) -> int:
        return self.y + 5

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 5

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


def bucket_label(bucket: reports.Bucket) -> str:
    return {
        "right": _("Right order"),
        "wrong": _("Wrong order"),
        "other": _("Other answers"),
    }.get(bucket.key, bucket.label)


def chart(question: reports.QuestionReport) -> dict:
    """Returns the bars of a question's answers in the order of the report."""
    top = max((b.count for b in question.buckets), default=0) or 1
    bars = [
        ChartBar(
            label=bucket_label(bucket),
            count=bucket.count,
            percent=100 * bucket.share,
            correct=bucket.correct,
            width=round(LONGEST_BAR * bucket.count / top),
            y=index * BAR_HEIGHT,
        )
        for index, bucket in enumerate(question.buckets)
    ]
    return {
        "id": f"chart-{question.number}",
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(1, len(bars)) * BAR_HEIGHT,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT - 10,
        "has_right": any(bar.correct is not None for bar in bars),
    }


# Exports ------------------------------------------------------------------------


def export_words() -> reports.Words:
    return reports.Words(
        questions=_("Questions"),
        takers=_("Pupils"),
        number=_("No."),
        question=_("Question"),
        kind=_("Kind"),
        shown=_("Shown to"),
        answered=_("Answered"),
        right_answers=_("Right answers"),
        share_right=_("Right answers (%)"),
        average_seconds=_("Average time (s)"),
        answers=_("Answers"),
        name=_("Nickname"),
        score=_("Score"),
        best_streak=_("Longest streak"),
        right=_("right"),
        wrong=_("wrong"),
        no_answer=_("no answer"),
        other=_("Other answers"),
        points_of=_("Q%(number)d points"),
        answer_of=_("Q%(number)d"),
        kinds={value: str(label) for value, label in QuestionKind.choices},
    )


def file_name(title: str, moment: datetime, suffix: str) -> str:
    """Returns e.g. ``konstytucja-rp-2026-03-02-players.csv``: the quiz title's
    slug (letters without diacritics; ``quiz`` when none are left) and the date."""
    slug = slugify(normalise(title))[:60].strip("-") or "quiz"
    day = timezone.localtime(moment).date().isoformat()
    return f"{slug}-{day}-{suffix}"


def _table(report: reports.Report, table: str) -> reports.Table:
    words = export_words()
    if table == "questions":
        return reports.questions_table(report, words)
    return reports.takers_table(report, words)


def csv_response(report, table: str, title: str, moment: datetime) -> HttpResponse:
    if table not in TABLES:
        raise Http404
    response = HttpResponse(
        reports.csv_bytes(_table(report, table)), content_type=CSV_TYPE
    )
    return _download(response, file_name(title, moment, f"{table}.csv"))


def xlsx_response(report, title: str, moment: datetime) -> HttpResponse:
    tables = [_table(report, table) for table in TABLES]
    response = HttpResponse(reports.xlsx_bytes(tables), content_type=XLSX_TYPE)
    return _download(response, file_name(title, moment, "report.xlsx"))


def _download(response: HttpResponse, name: str) -> HttpResponse:
    """Names the file and keeps it out of shared caches: it lists pupils."""
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


# Pages --------------------------------------------------------------------------


def _render_report(request, report, *, title, subtitle, exports, back, extra=None):
    return render(
        request,
        "quizzes/reports/report.html",
        {
            "title": title,
            "subtitle": subtitle,
            "report": report,
            "charts": [(q, chart(q)) for q in report.questions],
            "hardest": report.hardest[:5],
            "exports": exports,
            "back": back,
            **(extra or {}),
        },
    )


def _exports(prefix: str, pk: int) -> dict:
    return {
        "questions_csv": reverse(f"{prefix}_csv", args=[pk, "questions"]),
        "players_csv": reverse(f"{prefix}_csv", args=[pk, "players"]),
        "xlsx": reverse(f"{prefix}_xlsx", args=[pk]),
    }


def _session(request, pk) -> LiveSession:
    return get_object_or_404(
        selectors.live_sessions_for_user(request.user).select_related("quiz"), pk=pk
    )


def _assignment(request, pk) -> QuizAssignment:
    return get_object_or_404(selectors.assignments_for_user(request.user), pk=pk)


@staff_page
def quiz_reports(request):
    """The user's recent live games and self-paced assignments, with links to
    their reports."""
    sessions = (
        selectors.live_sessions_for_user(request.user)
        .select_related("classroom")
        .order_by("-created_at")[:RECENT]
    )
    assignments = selectors.assignments_for_user(request.user).order_by("-deadline")[
        :RECENT
    ]
    return render(
        request,
        "quizzes/reports/index.html",
        {
            "sessions": sessions,
            "assignments": assignments,
            "quizzes": selectors.quizzes_for_user(request.user).order_by("title"),
            "now": timezone.now(),
        },
    )


@staff_page
def live_report_page(request, pk):
    session = _session(request, pk)
    return _render_report(
        request,
        live_report(session),
        title=session.quiz.title,
        subtitle=_("Live game of %(date)s") % {"date": _date(session.created_at)},
        exports=_exports("live_report", session.pk),
        back=reverse("quiz_reports"),
        extra={"session": session},
    )


@staff_page
def live_report_csv(request, pk, table):
    session = _session(request, pk)
    return csv_response(
        live_report(session), table, session.quiz.title, session.created_at
    )


@staff_page
def live_report_xlsx(request, pk):
    session = _session(request, pk)
    return xlsx_response(live_report(session), session.quiz.title, session.created_at)


@staff_page
def assignment_report_page(request, pk):
    assignment = _assignment(request, pk)
    return _render_report(
        request,
        assignment_report(assignment),
        title=assignment.quiz.title,
        subtitle=_("Class %(class)s, deadline %(date)s")
        % {"class": assignment.classroom.name, "date": _date(assignment.deadline)},
        exports=_exports("assignment_report", assignment.pk),
        back=reverse("assignment_progress", args=[assignment.pk]),
        extra={"assignment": assignment},
    )


@staff_page
def assignment_report_csv(request, pk, table):
    assignment = _assignment(request, pk)
    return csv_response(
        assignment_report(assignment),
        table,
        assignment.quiz.title,
        assignment.deadline,
    )


@staff_page
def assignment_report_xlsx(request, pk):
    assignment = _assignment(request, pk)
    return xlsx_response(
        assignment_report(assignment), assignment.quiz.title, assignment.deadline
    )


def _date(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
