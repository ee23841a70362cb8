"""Quiz editor pages: the teacher's quizzes, questions, copies, imports, exports and
the public library. Every route that takes an object is in the tenancy matrix of
``tests/quizzes/test_tenancy_editor.py``; a test fails when one is missing."""

from django.urls import path

from quizzes.views import editor

urlpatterns = [
    path("quizzes/", editor.quiz_list, name="quiz_list"),
    path("quizzes/new/", editor.quiz_create, name="quiz_create"),
    path("quizzes/import/", editor.quiz_import, name="quiz_import"),
    path("quizzes/<int:pk>/", editor.quiz_detail, name="quiz_detail"),
    path("quizzes/<int:pk>/settings/", editor.quiz_settings, name="quiz_settings"),
    path("quizzes/<int:pk>/delete/", editor.quiz_delete, name="quiz_delete"),
    path("quizzes/<int:pk>/duplicate/", editor.quiz_duplicate, name="quiz_duplicate"),
    path(
        "quizzes/<int:pk>/export.json",
        editor.quiz_export_json,
        name="quiz_export_json",
    ),
    path(
        "quizzes/<int:pk>/export.xlsx",
        editor.quiz_export_spreadsheet,
        name="quiz_export_spreadsheet",
    ),
    path(
        "quizzes/<int:pk>/questions/new/",
        editor.question_create,
        name="question_create",
    ),
    path(
        "quizzes/questions/<int:pk>/edit/",
        editor.question_edit,
        name="question_edit",
    ),
    path(
        "quizzes/questions/<int:pk>/delete/",
        editor.question_delete,
        name="question_delete",
    ),
    path(
        "quizzes/questions/<int:pk>/move/",
        editor.question_move,
        name="question_move",
    ),
    path(
        "quizzes/library/<int:pk>/",
        editor.library_quiz_detail,
        name="library_quiz_detail",
    ),
    path(
        "quizzes/library/<int:pk>/duplicate/",
        editor.library_quiz_duplicate,
        name="library_quiz_duplicate",
    ),
]
