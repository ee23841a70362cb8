"""Council pages: the list, creating a council, its members, roles and clubs.

Councils are looked up through selectors, so another school's council is not
found (404); the services in :mod:`school_councils.councils` check the rules.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from school_councils import councils, selectors
from school_councils.forms_councils import (
    ClubForm,
    CouncilForm,
    ElectionSeatingForm,
    SeatEditForm,
    SeatForm,
)
from school_councils.models import Seat
from school_councils.views.access import (
    add_service_error,
    signed_in_page,
    staff_page,
)

COUNCIL_ERROR_FIELDS = {
    "name_required": "name",
    "term_order": "term_end",
    "term_number": "term_number",
    "statutory_seats": "statutory_seats",
    "quorum": "quorum",
}
SEAT_ERROR_FIELDS = {
    "already_seated": "pupil",
    "wrong_class": "pupil",
    "school_represented": "pupil",
    "chair_taken": "role",
}


def _council(request, pk):
    return get_object_or_404(selectors.councils_for_user(request.user), pk=pk)


def _managed_council(request, pk):
    return get_object_or_404(selectors.councils_managed_by(request.user), pk=pk)


@signed_in_page
def council_list(request):
    """The councils the user runs, or (for a pupil) sits in."""
    user = request.user
    return render(
        request,
        "school_councils/councils/council_list.html",
        {
            "councils": selectors.councils_for_user(user),
            "can_create": not selectors.is_pupil(user),
        },
    )


@staff_page
def council_create(request):
    form = CouncilForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            council = councils.council_create(by=request.user, **data)
        except ValidationError as error:
            add_service_error(form, error, COUNCIL_ERROR_FIELDS)
        except Http404:
            form.add_error(
                None,
                _(
                    "Choose a school for a student council, or one of your classes "
                    "for a role-play council; only city coordinators create the "
                    "city youth council."
                ),
            )
        else:
            messages.success(request, _("The council has been created."))
            return redirect("council_detail", pk=council.pk)
    return render(request, "school_councils/councils/council_form.html", {"form": form})


@signed_in_page
def council_detail(request, pk):
    """The council's members with their roles and clubs, its sittings and
    register; the forms to seat members for those who run it."""
    council = _council(request, pk)
    manages = selectors.councils_managed_by(request.user).filter(pk=pk).exists()
    seats = list(selectors.current_seats(council))
    return render(
        request,
        "school_councils/councils/council_detail.html",
        {
            "council": council,
            "seats": seats,
            "vacant": max(0, council.statutory_seats - len(seats)),
            "manages": manages,
            "clubs": council.clubs.all(),
            "sittings": council.sittings.order_by("-number"),
        },
    )


def _seatable_pupils(request, council):
    pupils = selectors.pupils_for_user(request.user)
    if council.classroom_id:
        pupils = pupils.filter(classroom=council.classroom)
    elif council.school_id:
        pupils = pupils.filter(classroom__school=council.school)
    seated = council.seats.filter(ended_on__isnull=True).values("pupil")
    return pupils.exclude(pk__in=seated).order_by(
        "classroom__school__name", "classroom__name", "pseudonym"
    )


@staff_page
def seat_add(request, pk):
    council = _managed_council(request, pk)
    form = SeatForm(
        request.POST or None,
        council=council,
        pupils=_seatable_pupils(request, council),
    )
    if request.method == "POST" and form.is_valid():
        try:
            seat = councils.seat_add(
                by=request.user, council=council, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error, SEAT_ERROR_FIELDS)
        else:
            messages.success(
                request,
                _("%(pupil)s now holds a seat.") % {"pupil": seat.pupil.pseudonym},
            )
            return redirect("council_detail", pk=council.pk)
    return render(
        request,
        "school_councils/councils/seat_add.html",
        {"council": council, "form": form},
    )


def _closed_elections(request, council):
    from simulations import selectors as election_selectors
    from simulations.models import ElectionState

    kind = councils.ELECTION_FOR.get(council.kind)
    elections = election_selectors.elections_managed_by(request.user).filter(
        kind=kind or "", state__in=[ElectionState.CLOSED, ElectionState.PUBLISHED]
    )
    if council.school_id:
        elections = elections.filter(school=council.school)
    return elections


@staff_page
def seats_from_election(request, pk):
    """Seats the winners of a closed election (student and city youth councils)."""
    council = _managed_council(request, pk)
    if council.kind not in councils.ELECTION_FOR:
        raise Http404
    form = ElectionSeatingForm(
        request.POST or None, elections=_closed_elections(request, council)
    )
    if request.method == "POST" and form.is_valid():
        try:
            seating = councils.seats_from_election(
                by=request.user, council=council, election=form.cleaned_data["election"]
            )
        except ValidationError as error:
            form.add_error("election", error)
        else:
            count = len(seating.seated)
            messages.success(
                request,
                ngettext("%(count)s member seated.", "%(count)s members seated.", count)
                % {"count": count},
            )
            for name, reason in seating.skipped:
                messages.warning(
                    request,
                    _("%(name)s was not seated: %(reason)s")
                    % {"name": name, "reason": reason},
                )
            return redirect("council_detail", pk=council.pk)
    return render(
        request,
        "school_councils/councils/seats_from_election.html",
        {"council": council, "form": form},
    )


def _managed_seat(request, pk) -> Seat:
    managed = selectors.councils_managed_by(request.user)
    return get_object_or_404(
        Seat.objects.select_related("council", "pupil"), pk=pk, council__in=managed
    )


@staff_page
def seat_edit(request, pk):
    """Changes a member's role or club, or ends their seat."""
    seat = _managed_seat(request, pk)
    council = seat.council
    initial = {"role": seat.role, "club": seat.club}
    form = SeatEditForm(request.POST or None, council=council, initial=initial)
    if request.method == "POST" and request.POST.get("end") == "1":
        try:
            councils.seat_end(by=request.user, seat=seat)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The seat is vacant now."))
        return redirect("council_detail", pk=council.pk)
    if request.method == "POST" and form.is_valid():
        try:
            councils.seat_update(by=request.user, seat=seat, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error, SEAT_ERROR_FIELDS)
        else:
            messages.success(request, _("The member's role has been saved."))
            return redirect("council_detail", pk=council.pk)
    return render(
        request,
        "school_councils/councils/seat_edit.html",
        {"council": council, "seat": seat, "form": form},
    )


@staff_page
def club_add(request, pk):
    council = _managed_council(request, pk)
    form = ClubForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            councils.club_add(by=request.user, council=council, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("The club has been added."))
            return redirect("council_detail", pk=council.pk)
    return render(
        request,
        "school_councils/councils/club_add.html",
        {"council": council, "form": form},
    )
