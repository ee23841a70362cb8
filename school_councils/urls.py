"""Pages for people. Every route that takes an object is in the tenancy matrix of
``tests/school_councils/test_tenancy_pages.py``; a test fails when one is missing."""

from django.urls import path

from school_councils.views import classes, invitations, pupils, schools

urlpatterns = [
    # Pupils.
    path("signin/", pupils.pupil_signin, name="pupil_signin"),
    path("pupil/", pupils.pupil_home, name="pupil_home"),
    # Teachers: classes and their pupils.
    path("dashboard/", classes.dashboard, name="dashboard"),
    path("classes/new/", classes.classroom_create, name="classroom_create"),
    path("classes/<int:pk>/", classes.classroom_detail, name="classroom_detail"),
    path("classes/<int:pk>/pupils/add/", classes.pupils_add, name="pupils_add"),
    path(
        "classes/<int:pk>/pupils/generate/",
        classes.pupils_generate,
        name="pupils_generate",
    ),
    path("classes/<int:pk>/cards/", classes.classroom_cards, name="classroom_cards"),
    path(
        "classes/<int:pk>/teachers/",
        classes.classroom_teachers,
        name="classroom_teachers",
    ),
    path("pupils/<int:pk>/move/", classes.pupil_move, name="pupil_move"),
    path("pupils/<int:pk>/remove/", classes.pupil_remove, name="pupil_remove"),
    path("pupils/<int:pk>/code/", classes.pupil_code, name="pupil_code"),
    # Coordinators: the school's staff and classes; the city's schools.
    path("schools/<int:pk>/", schools.school_detail, name="school_detail"),
    path("schools/<int:pk>/invite/", schools.school_invite, name="school_invite"),
    path("staff/<int:pk>/remove/", schools.membership_remove, name="membership_remove"),
    path("city/", schools.city_overview, name="city_overview"),
    # A one-time link from an e-mail.
    path(
        "invitations/<str:token>/",
        invitations.invitation_accept,
        name="invitation_accept",
    ),
]
