"""A coordinator's pages: the school's staff, invitations and classes; and the city
coordinator's overview of every school."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from school_councils import selectors, services
from school_councils.forms import InvitationForm
from school_councils.models import StaffRole
from school_councils.views.access import city_page, secret, staff_page


def _coordinated_school(request, pk):
    return get_object_or_404(selectors.schools_coordinated_by(request.user), pk=pk)


@staff_page
def school_detail(request, pk):
    """The coordinator's page: staff, open invitations and every class."""
    school = _coordinated_school(request, pk)
    classrooms = selectors.with_pupil_counts(school.classrooms.all())
    return render(
        request,
        "school_councils/school_detail.html",
        {
            "school": school,
            "memberships": school.memberships.select_related("user").order_by(
                "user__username"
            ),
            "invitations": selectors.open_invitations(school),
            "classrooms": classrooms.prefetch_related("teachers"),
        },
    )


@staff_page
def school_invite(request, pk):
    """Sends a one-time invitation link; the link is also shown, once."""
    school = _coordinated_school(request, pk)
    form = InvitationForm(
        request.POST or None,
        may_invite_coordinators=selectors.is_city_coordinator(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation, link = services.invitation_create(
                by=request.user,
                school=school,
                email=form.cleaned_data["email"],
                role=form.cleaned_data.get("role", StaffRole.TEACHER),
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            return secret(
                render(
                    request,
                    "school_councils/invitation_sent.html",
                    {"school": school, "invitation": invitation, "link": link},
                )
            )
    return render(
        request,
        "school_councils/school_invite.html",
        {
            "school": school,
            "form": form,
            "invitation_days": settings.INVITATION_DAYS,
        },
    )


@staff_page
def membership_remove(request, pk):
    """Asks, then removes a member of staff from the school and its classes."""
    membership = get_object_or_404(selectors.memberships_for_user(request.user), pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(by=request.user, membership=membership)
        except ValidationError as exc:
            error = exc
        else:
            messages.success(
                request,
                _("%(name)s is no longer on the staff of %(school)s.")
                % {"name": membership.user.username, "school": membership.school},
            )
            return redirect("school_detail", pk=membership.school_id)
    return render(
        request,
        "school_councils/membership_confirm_remove.html",
        {"membership": membership, "school": membership.school, "error": error},
    )


@city_page
def city_overview(request):
    """Every school of the city with its staff, classes and pupils counted."""
    return render(
        request,
        "school_councils/city_overview.html",
        {"schools": selectors.schools_overview(request.user)},
    )
