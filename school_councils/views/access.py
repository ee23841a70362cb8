"""Who may open which page, and small helpers shared by the views."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from school_councils import selectors


def staff_page(view):
    """Anonymous visitors go to the staff sign-in; pupils are told the page does not
    exist, since nothing of a staff page is theirs."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if selectors.is_pupil(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def signed_in_page(view):
    """Anonymous visitors go to sign in; everyone signed in goes on (the view's
    selectors decide what they find, so other schools' objects are 404)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def city_page(view):
    """Only city coordinators; everyone else sees no such page."""

    @wraps(view)
    @staff_page
    def wrapper(request, *args, **kwargs):
        if not selectors.is_city_coordinator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def pupil_page(view):
    """Anonymous visitors go to the pupils' sign-in; staff go to their dashboard."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("pupil_signin")
        if not selectors.is_pupil(request.user):
            return redirect("dashboard")
        return view(request, *args, **kwargs)

    return wrapper


def secret(response):
    """Marks a response that shows a code or a link meant to be seen once, so no
    browser or proxy keeps a copy."""
    add_never_cache_headers(response)
    return response


def add_service_error(form, error: ValidationError, fields: dict[str, str]) -> None:
    """Puts a service's error on the form field its code names (else on the form)."""
    form.add_error(fields.get(getattr(error, "code", None) or ""), error)
