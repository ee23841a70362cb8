"""Quiz pages, one module per area. Each module's pages that take an object are in
the tenancy matrix of its area under ``tests/quizzes/``; a test fails when one is
missing."""

from django.urls import include, path

urlpatterns = [
    path("", include("quizzes.urls.editor")),
    path("", include("quizzes.urls.live")),
    path("", include("quizzes.urls.reports")),
]
