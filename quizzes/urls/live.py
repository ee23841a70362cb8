"""Live-game pages: starting a game, the host's projector screen, the players'
phone page and the results. Every route that takes an object is in the tenancy
matrix of ``tests/quizzes/test_tenancy_live.py``; a test fails when one is
missing."""

from django.urls import path

from quizzes.views import live

urlpatterns = [
    # Players: no account, a PIN and a nickname.
    path("play/", live.live_play, name="live_play"),
    # Teachers.
    path(
        "quizzes/<int:quiz_pk>/live/",
        live.live_session_start,
        name="live_session_start",
    ),
    path(
        "quizzes/from-lesson/<int:page_pk>/<uuid:block_id>/live/",
        live.live_session_start_from_lesson,
        name="live_session_start_from_lesson",
    ),
    path(
        "quizzes/live/<int:pk>/host/",
        live.live_session_host,
        name="live_session_host",
    ),
    path(
        "quizzes/live/<int:pk>/results/",
        live.live_session_results,
        name="live_session_results",
    ),
]
