"""Polling-station pages: paper protocols, the classroom booth, live turnout.

Every election in a URL is looked up through ``elections_managed_by`` (another
school's is a 404), every class through the election's electorate, and every
protocol through the elections the user runs; the services check again.

The booth is a page on a tablet where the teacher is signed in. Each vote goes
unlock → ballot → thank-you, each step a redirect to the same address, so the
browser's history holds no ballot to go back to, and every response is kept out
of caches (``no-store``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from school_councils.views.access import secret, staff_page
from simulations import selectors, services
from simulations.forms import BallotInputError, ballot_choices
from simulations.models import ElectionState, PaperProtocol
from simulations.polling_forms import ProtocolForm, protocol_initial
from simulations.services import polling
from simulations.views.vote import _contest_view, _input_message

# The chart's bars are this long at 100 %.
BAR_LENGTH = 300
ROW_HEIGHT = 32


def _election(request, pk):
    return get_object_or_404(selectors.elections_managed_by(request.user), pk=pk)


def _classroom(election, classroom_pk):
    return get_object_or_404(selectors.electorate_classrooms(election), pk=classroom_pk)


# Paper protocols ---------------------------------------------------------------------


@staff_page
def paper_protocols(request, pk):
    """The election's paper protocols, per contest, and where to enter more."""
    election = _election(request, pk)
    protocols = PaperProtocol.objects.filter(election=election).select_related(
        "contest", "entered_by"
    )
    contests = [
        {
            "contest": contest,
            "protocols": [p for p in protocols if p.contest_id == contest.pk],
        }
        for contest in election.contests.all()
    ]
    return render(
        request,
        "simulations/polling/paper_list.html",
        {
            "election": election,
            "contests": contests,
            "may_enter": election.state in (ElectionState.OPEN, ElectionState.CLOSED),
        },
    )


def _contest_stations(election, contest):
    voters = [
        c.pk
        for c in selectors.electorate_classrooms(election)
        if contest in selectors.voter_contests(election, c)
    ]
    return selectors.electorate_classrooms(election).filter(pk__in=voters)


@staff_page
def paper_protocol_create(request, pk, contest_pk):
    """Enters a station's protocol in one contest."""
    election = _election(request, pk)
    contest = get_object_or_404(election.contests.all(), pk=contest_pk)
    form = ProtocolForm(
        request.POST or None,
        contest=contest,
        stations=_contest_stations(election, contest),
    )
    if request.method == "POST" and form.is_valid():
        try:
            protocol = services.paper_protocol_save(
                by=request.user,
                contest=contest,
                figures=form.figures(),
                station=form.cleaned_data["station"],
                station_name=form.cleaned_data["station_name"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("The protocol of %(station)s is saved.")
                % {"station": protocol.station_name},
            )
            return redirect("paper_protocols", pk=election.pk)
    return _protocol_page(request, election, contest, form, status=_status(form))


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _protocol_page(request, election, contest, form, *, protocol=None, status=200):
    return render(
        request,
        "simulations/polling/paper_form.html",
        {
            "election": election,
            "contest": contest,
            "form": form,
            "protocol": protocol,
            "revisions": protocol.revisions.select_related("saved_by")
            if protocol
            else [],
            "may_enter": election.state in (ElectionState.OPEN, ElectionState.CLOSED),
        },
        status=status,
    )


@staff_page
def paper_protocol_edit(request, pk):
    """Corrects a protocol while the results are not published, and lists who
    saved which figures when."""
    protocol = get_object_or_404(
        PaperProtocol.objects.select_related("contest", "election"),
        pk=pk,
        election__in=selectors.elections_managed_by(request.user),
    )
    election, contest = protocol.election, protocol.contest
    form = ProtocolForm(
        request.POST or None, contest=contest, initial=protocol_initial(protocol)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_protocol_save(
                by=request.user,
                contest=contest,
                figures=form.figures(),
                protocol=protocol,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("The correction of %(station)s is saved.")
                % {"station": protocol.station_name},
            )
            return redirect("paper_protocol_edit", pk=protocol.pk)
    return _protocol_page(
        request, election, contest, form, protocol=protocol, status=_status(form)
    )


# The booth ---------------------------------------------------------------------------


def _booth_key(election, classroom) -> str:
    return f"booth-{election.pk}-{classroom.pk}"


def _thanks_key(election, classroom) -> str:
    return f"booth-thanks-{election.pk}-{classroom.pk}"


def _current_unlock(request, election, classroom):
    token = request.session.get(_booth_key(election, classroom))
    return services.booth_unlock_find(
        election=election, classroom=classroom, token=token
    )


@staff_page
def booth(request, pk, classroom_pk):
    """The booth: locked (with a thank-you after a vote) until the commission
    unlocks it; then one ballot, which a POST casts."""
    election = _election(request, pk)
    classroom = _classroom(election, classroom_pk)
    unlock = _current_unlock(request, election, classroom)
    if request.method == "POST":
        return _booth_cast(request, election, classroom, unlock)
    if unlock is None:
        return _booth_locked(request, election, classroom)
    return _booth_ballot(request, election, classroom)


def _booth_locked(request, election, classroom, status=200):
    thanks = request.session.get(_thanks_key(election, classroom), False)
    turnout = selectors.election_turnout(election)
    response = render(
        request,
        "simulations/polling/booth_locked.html",
        {
            "election": election,
            "classroom": classroom,
            "thanks": thanks,
            "voted": turnout.by_classroom.get(classroom.pk, 0),
            "pupil_count": classroom.pupils.count(),
            "is_open": election.state == ElectionState.OPEN,
        },
        status=status,
    )
    return secret(response)


def _booth_ballot(request, election, classroom, *, errors=(), status=200):
    contests = selectors.voter_contests(election, classroom)
    response = render(
        request,
        "simulations/polling/booth_ballot.html",
        {
            "election": election,
            "classroom": classroom,
            "contests": [_contest_view(contest) for contest in contests],
            "errors": errors,
        },
        status=status,
    )
    return secret(response)


def _booth_cast(request, election, classroom, unlock):
    if unlock is None:
        # A second press of "Cast", or a ballot left open after the commission
        # locked the booth: nothing to cast with.
        return redirect("booth", pk=election.pk, classroom_pk=classroom.pk)
    contests = selectors.voter_contests(election, classroom)
    try:
        choices = ballot_choices(contests, request.POST)
        services.ballot_cast(
            election=election, unlock=unlock, choices=choices, contests=contests
        )
    except BallotInputError as error:
        errors = [_input_message(error)]
        return _booth_ballot(request, election, classroom, errors=errors, status=400)
    except ValidationError as error:
        if error.code == "bad_ballot":
            return _booth_ballot(
                request, election, classroom, errors=error.messages, status=400
            )
        if error.code != "booth_locked":
            messages.error(request, " ".join(error.messages))
        request.session.pop(_booth_key(election, classroom), None)
        return redirect("booth", pk=election.pk, classroom_pk=classroom.pk)
    request.session.pop(_booth_key(election, classroom), None)
    request.session[_thanks_key(election, classroom)] = True
    return redirect("booth", pk=election.pk, classroom_pk=classroom.pk)


@staff_page
def booth_unlock(request, pk, classroom_pk):
    """Unlocks the booth for the next voter (POST; a GET only goes back)."""
    election = _election(request, pk)
    classroom = _classroom(election, classroom_pk)
    if request.method != "POST":
        return redirect("booth", pk=election.pk, classroom_pk=classroom.pk)
    try:
        token = services.booth_unlock(
            by=request.user, election=election, classroom=classroom
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        request.session[_booth_key(election, classroom)] = token
        request.session.pop(_thanks_key(election, classroom), None)
    return redirect("booth", pk=election.pk, classroom_pk=classroom.pk)


@staff_page
def booth_lock(request, pk, classroom_pk):
    """Locks the booth again without a vote (POST; a GET only goes back)."""
    election = _election(request, pk)
    classroom = _classroom(election, classroom_pk)
    if request.method != "POST":
        return redirect("booth", pk=election.pk, classroom_pk=classroom.pk)
    services.booth_lock(by=request.user, election=election, classroom=classroom)
    request.session.pop(_booth_key(election, classroom), None)
    request.session.pop(_thanks_key(election, classroom), None)
    messages.info(request, _("The booth is locked."))
    return redirect("booth", pk=election.pk, classroom_pk=classroom.pk)


# Live turnout ------------------------------------------------------------------------


def _with_bars(rows):
    for number, row in enumerate(rows):
        share = min(row["percent"] or 0, 100)
        row["width"] = round(BAR_LENGTH * share / 100)
        row["y"] = number * ROW_HEIGHT
    return rows


@staff_page
def turnout_live(request, pk):
    """Turnout per class and school, as bars and a table; a script keeps it up to
    date over a WebSocket, and without it the page is a snapshot to reload."""
    election = _election(request, pk)
    report = polling.turnout_report(election)
    classes = _with_bars(report["classes"])
    return render(
        request,
        "simulations/polling/turnout.html",
        {
            "election": election,
            "report": report,
            "classes": classes,
            "schools": _with_bars(report["schools"]),
            "chart_height": max(1, len(classes)) * ROW_HEIGHT,
            "bar_length": BAR_LENGTH,
            "is_open": election.state == ElectionState.OPEN,
        },
    )
