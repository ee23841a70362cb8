"""Polling-station pages: paper protocols, the classroom booth and live turnout.
Every route is in the tenancy matrix of
``tests/simulations/elections/test_tenancy_polling.py``; a test fails when one is
missing."""

from django.urls import path

from simulations.views import polling

urlpatterns = [
    path(
        "elections/<int:pk>/paper/",
        polling.paper_protocols,
        name="paper_protocols",
    ),
    path(
        "elections/<int:pk>/paper/<int:contest_pk>/new/",
        polling.paper_protocol_create,
        name="paper_protocol_create",
    ),
    path(
        "paper-protocols/<int:pk>/",
        polling.paper_protocol_edit,
        name="paper_protocol_edit",
    ),
    path(
        "elections/<int:pk>/booth/<int:classroom_pk>/",
        polling.booth,
        name="booth",
    ),
    path(
        "elections/<int:pk>/booth/<int:classroom_pk>/unlock/",
        polling.booth_unlock,
        name="booth_unlock",
    ),
    path(
        "elections/<int:pk>/booth/<int:classroom_pk>/lock/",
        polling.booth_lock,
        name="booth_lock",
    ),
    path(
        "elections/<int:pk>/turnout/",
        polling.turnout_live,
        name="turnout_live",
    ),
]
