"""Sitting pages: the chair's screen, the members' phones, the projector, the
live fragment they refresh, the state as JSON, the minutes and the register.

Sittings are looked up through :mod:`simulations.selectors_sittings`, so a
sitting of a council the user neither runs nor sits in is not found (404).
Every action posts a form and calls one service; the live screens follow over
the socket (``simulations.consumers_sittings``) and refresh their fragment.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from school_councils import selectors as school_selectors
from school_councils.views.access import signed_in_page
from simulations import selectors_sittings as selectors
from simulations import sitting_forms as forms
from simulations.models import Amendment, Motion, Vote
from simulations.services import sittings as services


def _sitting(request, pk):
    return get_object_or_404(selectors.sittings_for_user(request.user), pk=pk)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@signed_in_page
def sitting_create(request, council_pk):
    council = get_object_or_404(
        school_selectors.councils_managed_by(request.user), pk=council_pk
    )
    form = forms.SittingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sitting = services.sitting_create(
                by=request.user, council=council, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("sitting_chair", pk=sitting.pk)
    return render(
        request,
        "simulations/sittings/sitting_form.html",
        {"council": council, "form": form},
    )


def _context(request, sitting, view: str) -> dict:
    state = selectors.sitting_snapshot(sitting, user=request.user)
    return {
        "sitting": sitting,
        "council": sitting.council,
        "state": state,
        "view": view,
        "kinds": forms.VoteOpenForm().fields["kind"].choices,
        "motion_form": forms.MotionForm(),
        "agenda_form": forms.AgendaItemForm(),
    }


@signed_in_page
def sitting_chair(request, pk):
    """The chair's screen: attendance, agenda, speakers, motions and votes."""
    sitting = _sitting(request, pk)
    if not selectors.can_chair(request.user, sitting):
        return redirect("sitting_member", pk=sitting.pk)
    return render(
        request,
        "simulations/sittings/chair.html",
        _context(request, sitting, "chair"),
    )


@signed_in_page
def sitting_member(request, pk):
    """A member's phone: present, ask to speak, vote."""
    sitting = _sitting(request, pk)
    return render(
        request,
        "simulations/sittings/member.html",
        _context(request, sitting, "member"),
    )


@signed_in_page
def sitting_projector(request, pk):
    """The projector: quorum, speakers and countdown, the vote and results."""
    sitting = _sitting(request, pk)
    return render(
        request,
        "simulations/sittings/projector.html",
        _context(request, sitting, "projector"),
    )


LIVE_TEMPLATES = {
    "chair": "simulations/sittings/includes/chair_live.html",
    "member": "simulations/sittings/includes/member_live.html",
    "projector": "simulations/sittings/includes/projector_live.html",
}


@signed_in_page
def sitting_live(request, pk):
    """The live part of a screen, which its script fetches after each change."""
    sitting = _sitting(request, pk)
    view = request.GET.get("view", "member")
    if view not in LIVE_TEMPLATES or (
        view == "chair" and not selectors.can_chair(request.user, sitting)
    ):
        view = "member"
    return render(request, LIVE_TEMPLATES[view], _context(request, sitting, view))


@signed_in_page
def sitting_state(request, pk):
    """The sitting's state as JSON (what the socket sends), for integrations."""
    sitting = _sitting(request, pk)
    return JsonResponse(selectors.sitting_snapshot(sitting, user=request.user))


# Actions --------------------------------------------------------------------


def _int(request, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise Http404 from None


def _seat(request, sitting):
    return get_object_or_404(
        sitting.council.seats.filter(ended_on__isnull=True), pk=_int(request, "seat")
    )


def _motion(request, sitting) -> Motion:
    return get_object_or_404(Motion, sitting=sitting, pk=_int(request, "motion"))


def _amendment(request, sitting) -> Amendment:
    return get_object_or_404(
        Amendment, motion__sitting=sitting, pk=_int(request, "amendment")
    )


def _vote(request, sitting) -> Vote:
    return get_object_or_404(Vote, sitting=sitting, pk=_int(request, "vote"))


def _form_data(form_class, request):
    form = form_class(request.POST)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        raise ValidationError(first, code="invalid")
    return form.cleaned_data


def _vote_open(request, sitting):
    data = _form_data(forms.VoteOpenForm, request)
    if data.get("amendment"):
        return services.vote_open(
            by=request.user,
            kind=data["kind"],
            amendment=_amendment(request, sitting),
        )
    return services.vote_open(
        by=request.user, kind=data["kind"], motion=_motion(request, sitting)
    )


def _amendment_add(request, sitting):
    data = _form_data(forms.AmendmentForm, request)
    return services.amendment_add(
        by=request.user,
        motion=_motion(request, sitting),
        old_text=data["old_text"],
        new_text=data["new_text"],
    )


def _motion_add(request, sitting):
    return services.motion_add(
        by=request.user, sitting=sitting, **_form_data(forms.MotionForm, request)
    )


CHAIR_ACTIONS = {
    "open": lambda r, s: services.sitting_open(by=r.user, sitting=s),
    "close": lambda r, s: services.sitting_close(by=r.user, sitting=s),
    "present": lambda r, s: services.attendance_mark(
        by=r.user, sitting=s, seat=_seat(r, s), present=True
    ),
    "absent": lambda r, s: services.attendance_mark(
        by=r.user, sitting=s, seat=_seat(r, s), present=False
    ),
    "agenda_add": lambda r, s: services.agenda_item_add(
        by=r.user, sitting=s, **_form_data(forms.AgendaItemForm, r)
    ),
    "agenda_next": lambda r, s: services.agenda_advance(by=r.user, sitting=s),
    "floor": lambda r, s: services.speaker_give_floor(
        by=r.user, sitting=s, seat=_seat(r, s)
    ),
    "floor_end": lambda r, s: services.speaker_end(by=r.user, sitting=s),
    "motion_add": _motion_add,
    "amendment_add": _amendment_add,
    "motion_withdraw": lambda r, s: services.proposal_withdraw(
        by=r.user, motion=_motion(r, s)
    ),
    "amendment_withdraw": lambda r, s: services.proposal_withdraw(
        by=r.user, amendment=_amendment(r, s)
    ),
    "vote_open": _vote_open,
    "vote_close": lambda r, s: services.vote_close(by=r.user, vote=_vote(r, s)),
}

MEMBER_ACTIONS = {
    "present": lambda r, s: services.attendance_mark(
        by=r.user, sitting=s, present=True
    ),
    "absent": lambda r, s: services.attendance_mark(
        by=r.user, sitting=s, present=False
    ),
    "speak": lambda r, s: services.speaker_request(by=r.user, sitting=s),
    "unspeak": lambda r, s: services.speaker_withdraw(by=r.user, sitting=s),
    "vote": lambda r, s: services.vote_cast(
        by=r.user, vote=_vote(r, s), choice=r.POST.get("choice", "")
    ),
}


def _act(request, pk, actions, back: str):
    sitting = _sitting(request, pk)
    action = actions.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    try:
        action(request, sitting)
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse(
                {"ok": False, "code": error.code, "message": error.messages[0]},
                status=400,
            )
        messages.error(request, error.messages[0])
    else:
        if _wants_json(request):
            return JsonResponse({"ok": True})
    return redirect(back, pk=sitting.pk)


@signed_in_page
@require_POST
def sitting_act(request, pk):
    """The chair's actions, one service each."""
    return _act(request, pk, CHAIR_ACTIONS, "sitting_chair")


@signed_in_page
@require_POST
def sitting_member_act(request, pk):
    """A member's actions: attendance, the speakers' list, voting."""
    return _act(request, pk, MEMBER_ACTIONS, "sitting_member")


# Minutes and the register ---------------------------------------------------


@signed_in_page
def sitting_minutes(request, pk):
    from simulations.pdf_minutes import minutes_pdf

    sitting = _sitting(request, pk)
    response = HttpResponse(
        minutes_pdf(sitting=sitting), content_type="application/pdf"
    )
    name = slugify(f"{sitting.council.name}-{sitting.number}") or "minutes"
    response["Content-Disposition"] = f'attachment; filename="minutes-{name}.pdf"'
    return response


@signed_in_page
def resolution_register(request, council_pk):
    council = get_object_or_404(
        school_selectors.councils_for_user(request.user), pk=council_pk
    )
    return render(
        request,
        "simulations/sittings/register.html",
        {
            "council": council,
            "resolutions": council.resolutions.select_related("sitting", "motion"),
        },
    )


@signed_in_page
def resolution_detail(request, pk):
    resolution = get_object_or_404(selectors.resolutions_for_user(request.user), pk=pk)
    votes = resolution.motion.votes.filter(is_open=False)
    return render(
        request,
        "simulations/sittings/resolution.html",
        {
            "resolution": resolution,
            "council": resolution.council,
            "outcome": services.vote_outcome(votes.last()) if votes else None,
        },
    )
