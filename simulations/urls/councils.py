"""Council sittings and the register of resolutions. Every route is in the
tenancy matrix of ``tests/simulations/sittings/test_tenancy.py``; a test fails
when one is missing."""

from django.urls import path

from simulations.views import sittings

urlpatterns = [
    path(
        "councils/<int:council_pk>/sittings/new/",
        sittings.sitting_create,
        name="sitting_create",
    ),
    path(
        "councils/<int:council_pk>/resolutions/",
        sittings.resolution_register,
        name="resolution_register",
    ),
    path("sittings/<int:pk>/", sittings.sitting_chair, name="sitting_chair"),
    path("sittings/<int:pk>/member/", sittings.sitting_member, name="sitting_member"),
    path(
        "sittings/<int:pk>/projector/",
        sittings.sitting_projector,
        name="sitting_projector",
    ),
    path("sittings/<int:pk>/live/", sittings.sitting_live, name="sitting_live"),
    path("sittings/<int:pk>/state/", sittings.sitting_state, name="sitting_state"),
    path("sittings/<int:pk>/act/", sittings.sitting_act, name="sitting_act"),
    path(
        "sittings/<int:pk>/member/act/",
        sittings.sitting_member_act,
        name="sitting_member_act",
    ),
    path(
        "sittings/<int:pk>/minutes.pdf",
        sittings.sitting_minutes,
        name="sitting_minutes",
    ),
    path("resolutions/<int:pk>/", sittings.resolution_detail, name="resolution_detail"),
]
