"""Quiz reports and self-paced quizzes. Every route that takes an object is in the
tenancy matrix of ``tests/quizzes/test_tenancy_reports.py``; a test fails when
one is missing."""

from django.urls import path

from quizzes.views import reports, selfpaced

urlpatterns = [
    # Teachers: reports of live games and assignments.
    path("quizzes/reports/", reports.quiz_reports, name="quiz_reports"),
    path(
        "quizzes/live/<int:pk>/report/",
        reports.live_report_page,
        name="live_report",
    ),
    path(
        "quizzes/live/<int:pk>/report/<slug:table>.csv",
        reports.live_report_csv,
        name="live_report_csv",
    ),
    path(
        "quizzes/live/<int:pk>/report.xlsx",
        reports.live_report_xlsx,
        name="live_report_xlsx",
    ),
    # Teachers: self-paced assignments.
    path("quizzes/<int:pk>/assign/", selfpaced.quiz_assign, name="quiz_assign"),
    path(
        "quizzes/assignments/<int:pk>/",
        selfpaced.assignment_progress,
        name="assignment_progress",
    ),
    path(
        "quizzes/assignments/<int:pk>/extended-time/",
        selfpaced.assignment_extended_time,
        name="assignment_extended_time",
    ),
    path(
        "quizzes/assignments/<int:pk>/report/",
        reports.assignment_report_page,
        name="assignment_report",
    ),
    path(
        "quizzes/assignments/<int:pk>/report/<slug:table>.csv",
        reports.assignment_report_csv,
        name="assignment_report_csv",
    ),
    path(
        "quizzes/assignments/<int:pk>/report.xlsx",
        reports.assignment_report_xlsx,
        name="assignment_report_xlsx",
    ),
    # Pupils, signed in: their class's quizzes.
    path("pupil/quizzes/", selfpaced.pupil_quizzes, name="pupil_quizzes"),
    path("pupil/quizzes/<int:pk>/", selfpaced.pupil_quiz, name="pupil_quiz"),
    path(
        "pupil/quizzes/<int:pk>/start/",
        selfpaced.pupil_quiz_start,
        name="pupil_quiz_start",
    ),
    path(
        "pupil/quizzes/<int:pk>/answer/",
        selfpaced.pupil_quiz_answer,
        name="pupil_quiz_answer",
    ),
    path(
        "pupil/quizzes/<int:pk>/next/",
        selfpaced.pupil_quiz_next,
        name="pupil_quiz_next",
    ),
]
