"""Participatory budget pages. Every route that takes an object is in the tenancy
matrix of ``tests/simulations/budget/test_tenancy_pages.py``; a test fails when one
is missing."""

from django.urls import path

from simulations.views import budget

urlpatterns = [
    # Voters with a code on a slip.
    path("budget/vote/", budget.budget_vote_code, name="budget_vote_code"),
    # Pupils.
    path("my/budgets/", budget.pupil_budget_list, name="pupil_budget_list"),
    path("my/budgets/<int:pk>/", budget.pupil_budget, name="pupil_budget"),
    path(
        "my/budgets/<int:pk>/vote/", budget.pupil_budget_vote, name="pupil_budget_vote"
    ),
    # Teachers and coordinators.
    path("budgets/", budget.budget_list, name="budget_list"),
    path("budgets/new/", budget.budget_create, name="budget_create"),
    path("budgets/import/", budget.budget_import, name="budget_import"),
    path("budgets/<int:pk>/", budget.budget_detail, name="budget_detail"),
    path("budgets/<int:pk>/open/", budget.budget_open, name="budget_open"),
    path("budgets/<int:pk>/close/", budget.budget_close, name="budget_close"),
    path("budgets/<int:pk>/publish/", budget.budget_publish, name="budget_publish"),
    path(
        "budgets/<int:pk>/slips/<int:classroom_pk>/",
        budget.budget_slips,
        name="budget_slips",
    ),
    path("budgets/<int:pk>/export.pb", budget.budget_export, name="budget_export"),
    path(
        "budgets/proposals/<int:pk>/check/",
        budget.proposal_check,
        name="proposal_check",
    ),
    # Staff who run it and pupils who take part.
    path("budgets/<int:pk>/results/", budget.budget_results, name="budget_results"),
    path("budgets/<int:pk>/ballots/", budget.budget_ballots, name="budget_ballots"),
]
