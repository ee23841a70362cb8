"""Pages for people. Every route that takes an object is in the tenancy matrix of
``tests/school_councils/test_tenancy_pages.py``; a test fails when one is missing."""

from django.urls import path

from school_councils.views import classes, councils, invitations, pupils, schools

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
    # Councils: the student council, the city youth council, role-play councils.
    path("councils/", councils.council_list, name="council_list"),
    path("councils/new/", councils.council_create, name="council_create"),
    path("councils/<int:pk>/", councils.council_detail, name="council_detail"),
    path("councils/<int:pk>/seats/add/", councils.seat_add, name="council_seat_add"),
    path(
        "councils/<int:pk>/seats/from-election/",
        councils.seats_from_election,
        name="council_seats_from_election",
    ),
    path("councils/<int:pk>/clubs/add/", councils.club_add, name="council_club_add"),
    path("seats/<int:pk>/", councils.seat_edit, name="council_seat_edit"),
    # A one-time link from an e-mail.
    path(
        "invitations/<str:token>/",
        invitations.invitation_accept,
        name="invitation_accept",
    ),
]
