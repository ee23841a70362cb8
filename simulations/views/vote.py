"""Voting at /vote/: with the code on a slip, or signed in, once.

With a code, the pupil types it (or scans the slip's QR code), sees the ballot and
casts it; the code travels in the form, never in the address, and each page that
shows it is kept out of caches. Signed-in pupils choose one of their open
elections. Either way the voter leaves with the tracker of their ballot.

Guessing codes is rate-limited per client address like the sign-in: only codes
that pass the check character yet do not exist are counted, because a whole class
votes from one school address and typing mistakes are caught without a lookup.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from school_councils import selectors as school_selectors
from school_councils.views.access import pupil_page, secret
from simulations import selectors, services
from simulations.forms import BallotInputError, VotingCodeForm, ballot_choices
from simulations.models import Election
from simulations.services.rules import METHOD_RULES
from youth_civics import ratelimit

RATE_SCOPE = "voting-code"


def vote(request):
    """GET shows the code form (filled from ``?code=`` when a slip's QR code
    opened it) and a signed-in pupil's open elections; POST checks the code and
    shows the ballot."""
    if request.method == "POST":
        return _code_entered(request)
    code = request.GET.get("code", "")
    context = {
        "form": VotingCodeForm(initial={"code": code}),
        "autosubmit": bool(code),
        "open_elections": _open_for(request.user),
    }
    response = render(request, "simulations/vote.html", context)
    return secret(response) if code else response


def _open_for(user):
    if not school_selectors.is_pupil(user):
        return Election.objects.none()
    return selectors.ballot_open_for_pupil(user.pupil)


def _code_entered(request):
    address = ratelimit.client_address(request)
    if _blocked(address):
        return _too_many_attempts(request)
    form = VotingCodeForm(request.POST)
    if not form.is_valid():
        return _code_page(request, form)
    try:
        code = _usable_code(form.cleaned_data["code"], address)
    except ValidationError as error:
        if error.code == "blocked":
            return _too_many_attempts(request)
        form.add_error("code", error)
        return _code_page(request, form)
    return _ballot_page(
        request, code.election, code.classroom, code=form.cleaned_data["code"]
    )


def _code_page(request, form):
    context = {"form": form, "open_elections": _open_for(request.user)}
    return secret(render(request, "simulations/vote.html", context))


def _usable_code(code_text, address):
    try:
        code = services.voting_code_usable(code_text)
    except ValidationError as error:
        if error.code == "unknown_code" and not _count_failure(address):
            raise ValidationError("", code="blocked") from None
        raise
    return code


def _ballot_page(request, election, classroom, *, code=None, errors=(), status=200):
    contests = selectors.voter_contests(election, classroom)
    context = {
        "election": election,
        "contests": [_contest_view(contest) for contest in contests],
        "code": code,
        "errors": errors,
        "action": "vote_cast" if code else None,
    }
    response = render(request, "simulations/ballot.html", context, status=status)
    return secret(response)


def _contest_view(contest):
    options = list(contest.options.all())
    top = [o for o in options if o.party_list_id is None]
    return {
        "contest": contest,
        "field": f"contest-{contest.pk}",
        "options": top,
        "lists": [
            {"list": o, "candidates": [c for c in options if c.party_list_id == o.pk]}
            for o in top
        ],
        "shape": METHOD_RULES[contest.method].shape,
        "spoiled": METHOD_RULES[contest.method].spoiled,
    }


def vote_cast(request):
    """Casts the ballot posted with a code and shows the trackers, once."""
    if request.method != "POST":
        return redirect("vote")
    address = ratelimit.client_address(request)
    if _blocked(address):
        return _too_many_attempts(request)
    code_text = request.POST.get("code", "")
    try:
        code = _usable_code(code_text, address)
    except ValidationError as error:
        if error.code == "blocked":
            return _too_many_attempts(request)
        form = VotingCodeForm({"code": code_text})
        if form.is_valid():
            form.add_error("code", error)
        return _code_page(request, form)
    return _cast(request, code.election, code.classroom, code=code_text, found=code)


def _cast(request, election, classroom, *, code=None, pupil=None, found=None):
    """Casts the posted ballot; ``found`` is the code already looked up, handed
    on with the contests so that the service reads neither again."""
    contests = selectors.voter_contests(election, classroom)
    try:
        choices = ballot_choices(contests, request.POST)
        receipts = services.ballot_cast(
            election=election,
            code=found or code,
            pupil=pupil,
            choices=choices,
            contests=contests,
        )
    except BallotInputError as error:
        return _ballot_page(
            request,
            election,
            classroom,
            code=code,
            errors=[_input_message(error)],
            status=400,
        )
    except ValidationError as error:
        if error.code != "bad_ballot":
            return _refused_page(request, election, error)
        return _ballot_page(
            request, election, classroom, code=code, errors=error.messages, status=400
        )
    response = render(
        request,
        "simulations/receipt.html",
        {"election": election, "receipts": receipts},
    )
    return secret(response)


def _input_message(error: BallotInputError) -> str:
    messages = {
        "nothing_marked": _("%(contest)s: mark your choice, or choose a blank ballot."),
        "bad_rank": _("%(contest)s: a rank must be a number such as 1, 2 or 3."),
        "rank_twice": _("%(contest)s: give each candidate a different number."),
    }
    return messages[error.reason] % {"contest": error.contest.name}


def _refused_page(request, election, error):
    response = render(
        request,
        "simulations/vote_refused.html",
        {"election": election, "messages_list": error.messages},
        status=409,
    )
    return secret(response)


@pupil_page
def vote_election(request, pk):
    """A signed-in pupil's ballot in one of their class's elections."""
    pupil = request.user.pupil
    election = get_object_or_404(selectors.elections_for_pupil(pupil), pk=pk)
    if not selectors.ballot_open_for_pupil(pupil).filter(pk=election.pk).exists():
        return render(
            request,
            "simulations/vote_closed.html",
            {"election": election, "voted": _voted(pupil, election)},
        )
    if request.method == "POST":
        return _cast(request, election, pupil.classroom, pupil=pupil)
    return _ballot_page(request, election, pupil.classroom)


def _voted(pupil, election) -> bool:
    return election.participations.filter(pupil=pupil).exists()


# Rate limit: the same scheme as the pupils' sign-in.


def _blocked_key(address: str) -> str:
    return f"{RATE_SCOPE}-blocked:{address}"


def _blocked(address: str) -> bool:
    return cache.get(_blocked_key(address)) is not None


def _count_failure(address: str) -> bool:
    """Counts one unknown code; returns False (and blocks the address for a
    window) once the limit is passed."""
    allowed = ratelimit.hit(
        RATE_SCOPE,
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
        "simulations/vote_limited.html",
        {"wait_seconds": settings.SIGNIN_RATE_WINDOW},
        status=429,
    )
    response["Retry-After"] = str(settings.SIGNIN_RATE_WINDOW)
    return response
