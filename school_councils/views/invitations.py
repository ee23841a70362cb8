"""The one-time link by which a teacher joins a school."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from school_councils import selectors, services
from school_councils.forms import InvitationSignUpForm
from school_councils.views.access import secret

# The token is unknown: as for any address that leads nowhere. Used or expired: the
# link existed and is gone for good.
STATUS_FOR_CODE = {"unknown": 404, "used": 410, "expired": 410}


def invitation_accept(request, token):
    """A signed-in member of staff accepts with one button; a visitor creates an
    account here. Unknown, used or expired links get a page that says so."""
    try:
        invitation = services.invitation_for_token(token)
    except ValidationError as error:
        return _unusable(request, error)
    user = request.user
    if user.is_authenticated and not selectors.is_pupil(user):
        return _accept_signed_in(request, token, invitation)
    return _accept_with_new_account(request, token, invitation)


def _accept_signed_in(request, token, invitation):
    if request.method == "POST":
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            return _unusable(request, error)
        return _welcome(request, membership)
    return secret(
        render(
            request,
            "school_councils/invitation_accept.html",
            {"invitation": invitation},
        )
    )


def _accept_with_new_account(request, token, invitation):
    form = InvitationSignUpForm(
        request.POST or None, initial={"email": invitation.email}
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept_new_user(
                token=token,
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            if error.code in STATUS_FOR_CODE:
                return _unusable(request, error)
            form.add_error("username", error)
        else:
            login(request, membership.user, backend=settings.AUTHENTICATION_BACKENDS[0])
            return _welcome(request, membership)
    return secret(
        render(
            request,
            "school_councils/invitation_signup.html",
            {"invitation": invitation, "form": form},
        )
    )


def _welcome(request, membership):
    messages.success(
        request,
        _("Welcome! You are now on the staff of %(school)s (%(role)s).")
        % {"school": membership.school, "role": membership.get_role_display()},
    )
    return redirect("dashboard")


def _unusable(request, error: ValidationError):
    return render(
        request,
        "school_councils/invitation_unusable.html",
        {"reason": error.messages[0]},
        status=STATUS_FOR_CODE.get(error.code, 400),
    )
