"""Election pages. Every route that takes an object is in the tenancy matrix of
``tests/simulations/elections/test_tenancy_pages.py``; a test fails when one is
missing."""

from django.urls import path

from simulations.views import manage, results, vote

urlpatterns = [
    # Voters.
    path("vote/", vote.vote, name="vote"),
    path("vote/ballot/", vote.vote_cast, name="vote_cast"),
    path("vote/elections/<int:pk>/", vote.vote_election, name="vote_election"),
    path("results/<uuid:public_id>/", results.results_public, name="results_public"),
    # Teachers and coordinators.
    path("elections/", manage.election_list, name="election_list"),
    path("elections/new/", manage.election_create, name="election_create"),
    path("elections/<int:pk>/", manage.election_detail, name="election_detail"),
    path(
        "elections/<int:pk>/candidates/",
        manage.election_candidates,
        name="election_candidates",
    ),
    path("elections/<int:pk>/open/", manage.election_open, name="election_open"),
    path("elections/<int:pk>/close/", manage.election_close, name="election_close"),
    path(
        "elections/<int:pk>/publish/",
        manage.election_publish,
        name="election_publish",
    ),
    path(
        "elections/<int:pk>/slips/<int:classroom_pk>/",
        manage.election_slips,
        name="election_slips",
    ),
    path(
        "elections/<int:pk>/results/",
        results.election_results,
        name="election_results",
    ),
    path(
        "candidacies/<int:pk>/approve/",
        manage.candidacy_approve,
        name="candidacy_approve",
    ),
    path(
        "candidacies/<int:pk>/withdraw/",
        manage.candidacy_withdraw,
        name="candidacy_withdraw",
    ),
]
