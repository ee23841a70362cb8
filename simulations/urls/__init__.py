"""Simulation pages, one module per area. Each module's pages that take an object
are in that area's tenancy matrix under ``tests/simulations/``; a test fails when one
is missing."""

from django.urls import include, path

urlpatterns = [
    path("", include("simulations.urls.elections")),
    path("", include("simulations.urls.polling")),
    path("", include("simulations.urls.councils")),
    path("", include("simulations.urls.budget")),
]
