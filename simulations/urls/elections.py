"""Election pages. Every route that takes an object is in the tenancy matrix of
``tests/simulations/elections/test_tenancy_pages.py``; a test fails when one is
missing."""

from django.urls import path

from simulations.views import candidacy, city_council, manage, results, setup, vote

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

# Results: files, the projector and the real result (PKW). Staff files exist once
# voting has closed; public ones once the results are published.
urlpatterns += [
    path(
        "results/<uuid:public_id>/ballots.<str:fmt>",
        results.results_public_ballots,
        name="results_public_ballots",
    ),
    path(
        "results/<uuid:public_id>/projector/<int:number>/",
        results.results_public_projector,
        name="results_public_projector",
    ),
    path(
        "elections/<int:pk>/results/counts.csv",
        results.election_results_csv,
        name="election_results_csv",
    ),
    path(
        "elections/<int:pk>/results/counts.xlsx",
        results.election_results_xlsx,
        name="election_results_xlsx",
    ),
    path(
        "elections/<int:pk>/results/protocol.pdf",
        results.election_results_protocol,
        name="election_results_protocol",
    ),
    path(
        "elections/<int:pk>/results/projector/<int:number>/",
        results.election_results_projector,
        name="election_results_projector",
    ),
    path(
        "elections/<int:pk>/results/real/",
        results.election_real_result,
        name="election_real_result",
    ),
]

# Setting up every kind of election, the presidential second round, the city youth
# council per school, and candidacies (pupils stand; teachers may refuse).
urlpatterns += [
    path("elections/new/kinds/", setup.election_kinds, name="election_kinds"),
    path("elections/new/<str:kind>/", setup.election_new, name="election_new"),
    path("elections/<int:pk>/setup/", setup.election_setup, name="election_setup"),
    path("contests/<int:pk>/", setup.contest_setup, name="contest_setup"),
    path("options/<int:pk>/edit/", setup.option_edit, name="option_edit"),
    path("options/<int:pk>/remove/", setup.option_remove, name="option_remove"),
    path(
        "elections/<int:pk>/second-round/",
        setup.election_second_round,
        name="election_second_round",
    ),
    path(
        "elections/<int:pk>/schools/",
        city_council.city_council_schools,
        name="city_council_schools",
    ),
    path("city-council/", city_council.city_council_list, name="city_council_list"),
    path(
        "city-council/<int:pk>/",
        city_council.city_council_part,
        name="city_council_part",
    ),
    path(
        "candidacies/<int:pk>/refuse/",
        candidacy.candidacy_refuse,
        name="candidacy_refuse",
    ),
    path("candidacy/", candidacy.candidacy_home, name="candidacy_home"),
    path(
        "candidacy/contests/<int:pk>/",
        candidacy.candidacy_stand,
        name="candidacy_stand",
    ),
    path(
        "candidacy/<int:pk>/withdraw/",
        candidacy.candidacy_withdraw_mine,
        name="candidacy_withdraw_mine",
    ),
]
