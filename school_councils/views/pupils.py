"""Pupils sign in with the code on their card and land on their own page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from school_councils import services
from school_councils.forms import SignInForm
from school_councils.views.access import pupil_page, secret
from youth_civics import codes, ratelimit

CODE_LENGTH = codes.DEFAULT_LENGTH + 1


def pupil_signin(request):
    """GET shows the form, filled from ``?code=`` when a card's QR code opened it;
    only a POST signs in, so a link alone never does."""
    if request.method == "POST":
        return _signin_attempt(request)
    code = request.GET.get("code", "")
    form = SignInForm(initial={"code": code})
    response = render(
        request,
        "school_councils/signin.html",
        {"form": form, "autosubmit": bool(code)},
    )
    return secret(response) if code else response


def _signin_attempt(request):
    address = ratelimit.client_address(request)
    if _blocked(address):
        return _too_many_attempts(request)
    form = SignInForm(request.POST)
    if form.is_valid():
        try:
            pupil = services.pupil_for_code(form.cleaned_data["code"])
        except codes.CodeError as error:
            form.add_error("code", _mistyped_message(error))
        else:
            if pupil is not None:
                return _sign_in(request, pupil)
            if not _count_failure(address):
                return _too_many_attempts(request)
            form.add_error(
                "code",
                _("This code is not valid. Ask your teacher for a new card."),
            )
    return render(request, "school_councils/signin.html", {"form": form})


def _mistyped_message(error: codes.CodeError) -> str:
    if error.args and error.args[0] == "wrong_length":
        return _(
            "Check the code: it has %(count)d letters and digits, "
            "and one is missing or extra."
        ) % {"count": CODE_LENGTH}
    return _("Check the code: a character is mistyped.")


# Only codes that pass the check character yet belong to nobody are counted. A
# whole class signs in from one school address at once, so counting every attempt
# (or every typo, which the check character catches without looking anything up)
# would lock a class out; guessing needs well-formed codes, and those are counted.
def _blocked_key(address: str) -> str:
    return f"signin-blocked:{address}"


def _blocked(address: str) -> bool:
    return cache.get(_blocked_key(address)) is not None


def _count_failure(address: str) -> bool:
    """Counts one unknown code; returns False (and blocks the address for a window)
    once the limit is passed."""
    allowed = ratelimit.hit(
        "signin",
        address,
        limit=settings.SIGNIN_RATE_LIMIT,
        window=settings.SIGNIN_RATE_WINDOW,
    )
    if not allowed:
        cache.set(_blocked_key(address), True, timeout=settings.SIGNIN_RATE_WINDOW)
    return allowed


def _too_many_attempts(request):
    response = render(
        request,
        "school_councils/signin_limited.html",
        {"wait_seconds": settings.SIGNIN_RATE_WINDOW},
        status=429,
    )
    response["Retry-After"] = str(settings.SIGNIN_RATE_WINDOW)
    return response


def _sign_in(request, pupil):
    """Signs the pupil in and switches the site to the class's language."""
    login(request, pupil.user, backend=settings.AUTHENTICATION_BACKENDS[0])
    language = pupil.classroom.language
    translation.activate(language)
    response = redirect("pupil_home")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@pupil_page
def pupil_home(request):
    """The pupil's own page: who and where they are, and what is assigned to them."""
    pupil = request.user.pupil
    return render(
        request,
        "school_councils/pupil_home.html",
        {"pupil": pupil, "classroom": pupil.classroom},
    )
