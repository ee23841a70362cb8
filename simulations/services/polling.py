"""Polling stations: paper protocols, the classroom booth, and live turnout.

- **Paper protocols.** The commission enters a station's protocol per contest;
  :func:`paper_protocol_save` checks it with the rules of
  :mod:`simulations.services.protocol_rules` and saves nothing until every figure
  agrees. Each save leaves a revision (who, when, the figures). Protocols can be
  entered and corrected while voting is open or closed, never once published.
  The count takes them as grouped ballots (:func:`paper_groups`), never as rows.
- **The booth.** The commission unlocks a class's booth for one voter
  (:func:`booth_unlock`); the token it returns is the voter's only credential
  and ``ballot_cast(unlock=…)`` spends it in the ballot's transaction.
- **Live turnout.** :func:`turnout_changed` tells the turnout sockets of an
  election, after commit and at most once per :data:`TURNOUT_WINDOW`, that a
  ballot went in; :func:`turnout_report` is what they send: counts only, never a
  vote for anyone.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections import defaultdict
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from school_councils.models import Classroom
from simulations import selectors
from simulations.models import (
    BoothUnlock,
    Contest,
    Election,
    ElectionState,
    PaperProtocol,
    PaperProtocolRevision,
)
from simulations.services.ballots import ballot_spec, shape_message
from simulations.services.common import managed
from simulations.services.counting import BallotGroup
from simulations.services.protocol_rules import (
    FIGURES,
    Pile,
    Problem,
    ProtocolFigures,
    check_protocol,
    input_kind,
    protocol_groups,
)
from simulations.services.rules import BallotShapeError

logger = logging.getLogger(__name__)

# Ballots of one election reach its turnout sockets at most once per window; a
# socket reads the turnout a little later than the window, so it always sees
# the ballots whose notice was left out.
TURNOUT_WINDOW = 1.0
TURNOUT_HANDLER = "turnout.changed"


# Paper protocols ---------------------------------------------------------------------


def _problem_message(problem: Problem) -> str:
    facts = dict(problem.facts)
    if problem.code == "difference_unexplained":
        return (
            ngettext(
                "%(missing)d issued ballot is not in the box: explain the difference "
                "in the remarks.",
                "%(missing)d issued ballots are not in the box: explain the difference "
                "in the remarks.",
                facts["missing"],
            )
            % facts
        )
    if problem.code == "pile_invalid":
        error = BallotShapeError(facts["why"])
        return _("Line %(line)d: %(problem)s") % {
            "line": facts["line"],
            "problem": shape_message(error),
        }
    messages = {
        "negative": _("Cannot be negative."),
        "more_than_eligible": _(
            "More ballots issued than voters entitled to vote (%(eligible)d)."
        ),
        "more_than_issued": _(
            "More ballots in the box than were issued (%(issued)d): count again."
        ),
        "box_does_not_add_up": _(
            "Valid, invalid and blank ballots make %(counted)d together, but "
            "%(in_box)d ballots were found in the box."
        ),
        "votes_differ": _(
            "The votes add up to %(sum)d, but there are %(valid)d valid votes."
        ),
        "unknown_option": _("A vote is for an option that is not on this ballot."),
        "list_differs": _(
            "The list's votes (%(list)d) must equal the sum of its candidates' "
            "votes (%(candidates)d)."
        ),
        "more_than_valid": _(
            "More marks than valid ballots (%(valid)d): a ballot marks a name once."
        ),
        "too_few_marks": _(
            "Fewer marks than valid ballots (%(valid)d): every valid ballot marks "
            "someone."
        ),
        "too_many_marks": _(
            "%(sum)d marks are more than the valid ballots can hold (%(most)d)."
        ),
        "pile_count": _("Line %(line)d: the number of ballots must be 1 or more."),
    }
    return messages[problem.code] % facts


def protocol_errors(problems: list[Problem]) -> ValidationError:
    """Returns the problems as one error with a message per field."""
    by_field: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        by_field[problem.field].append(_problem_message(problem))
    return ValidationError(
        {
            name: [ValidationError(m, code="inconsistent") for m in messages]
            for name, messages in by_field.items()
        }
    )


def _stored_votes(votes: dict[Any, int]) -> dict[str, int]:
    return {str(key): value for key, value in votes.items()}


def _read_votes(votes: dict[str, int]) -> dict[Any, int]:
    return {(int(k) if k.isdigit() else k): v for k, v in votes.items()}


def protocol_figures(protocol: PaperProtocol) -> ProtocolFigures:
    """Returns a saved protocol's figures as the rules and the count take them."""
    return ProtocolFigures(
        **{name: getattr(protocol, name) for name in FIGURES},
        votes=_read_votes(protocol.votes),
        piles=[Pile(tuple(p["choices"]), p["count"]) for p in protocol.piles],
        note=protocol.note,
    )


def _snapshot(protocol: PaperProtocol) -> dict[str, Any]:
    return {
        **{name: getattr(protocol, name) for name in FIGURES},
        "station": protocol.station_name,
        "votes": protocol.votes,
        "piles": protocol.piles,
        "note": protocol.note,
    }


def _check_may_enter(election: Election) -> None:
    if election.state == ElectionState.DRAFT:
        raise ValidationError(
            _("Paper protocols are entered once voting has opened."),
            code="not_open",
        )
    if election.state == ElectionState.PUBLISHED:
        raise ValidationError(
            _("The results are published: protocols can no longer change."),
            code="published",
        )


def _station_for(contest: Contest, station: Classroom | None, name: str) -> str:
    if station is not None:
        if contest not in selectors.voter_contests(contest.election, station):
            raise ValidationError(
                {
                    "station": _("Class %(name)s does not vote in this contest.")
                    % {"name": station.name}
                },
                code="not_in_electorate",
            )
        return station.name
    name = " ".join(name.split())
    if not name:
        raise ValidationError(
            {"station_name": _("Choose a class or name the polling station.")},
            code="no_station",
        )
    return name


@transaction.atomic
def paper_protocol_save(
    *,
    by,
    contest: Contest,
    figures: ProtocolFigures,
    station: Classroom | None = None,
    station_name: str = "",
    protocol: PaperProtocol | None = None,
) -> PaperProtocol:
    """Saves a station's protocol in a contest (a new one, or a correction of
    ``protocol``) once every figure agrees, and records the revision.

    Refuses with a message per field, writing nothing, when a rule is broken;
    when the election is a draft or published; when the class does not vote in
    the contest; when the station already has a protocol in the contest.
    """
    election = managed(by, contest.election)
    # Publishing waits for a protocol being saved, and the protocol sees the
    # state publishing left.
    election = Election.objects.select_for_update().get(pk=election.pk)
    _check_may_enter(election)
    if protocol is not None:
        station, station_name = protocol.station, protocol.station_name
    name = _station_for(contest, station, station_name)
    problems = check_protocol(ballot_spec(contest), figures)
    if problems:
        raise protocol_errors(problems)
    return _write_protocol(by, contest, station, name, figures, protocol)


def _write_protocol(by, contest, station, name, figures, protocol) -> PaperProtocol:
    fields = {
        **{field: getattr(figures, field) for field in FIGURES},
        "votes": _stored_votes(dict(figures.votes)),
        "piles": [
            {"choices": list(p.choices), "count": p.count} for p in figures.piles
        ],
        "note": figures.note.strip(),
    }
    if protocol is None:
        try:
            with transaction.atomic():
                protocol = PaperProtocol.objects.create(
                    election=contest.election,
                    contest=contest,
                    station=station,
                    station_name=name,
                    entered_by=by,
                    **fields,
                )
        except IntegrityError:
            raise ValidationError(
                {
                    "station": _(
                        "This station already has a protocol in this contest: "
                        "correct that one."
                    )
                },
                code="duplicate",
            ) from None
    else:
        protocol = PaperProtocol.objects.select_for_update().get(pk=protocol.pk)
        for field, value in fields.items():
            setattr(protocol, field, value)
        protocol.save(update_fields=[*fields, "updated_at"])
    number = protocol.revisions.aggregate(n=Max("number"))["n"] or 0
    PaperProtocolRevision.objects.create(
        protocol=protocol, number=number + 1, figures=_snapshot(protocol), saved_by=by
    )
    return protocol


def paper_groups(
    contests: list[Contest],
) -> dict[int, list[tuple[int | None, BallotGroup]]]:
    """Returns, per contest id, the grouped ballots of its paper protocols, each
    with the class of its station (None for a named station)."""
    groups: dict[int, list[tuple[int | None, BallotGroup]]] = defaultdict(list)
    by_id = {contest.pk: contest for contest in contests}
    protocols = PaperProtocol.objects.filter(contest__in=contests)
    for protocol in protocols:
        spec = ballot_spec(by_id[protocol.contest_id])
        for group in protocol_groups(spec, protocol_figures(protocol)):
            groups[protocol.contest_id].append((protocol.station_id, group))
    return groups


def paper_share(election: Election) -> dict[str, Any] | None:
    """Returns which part of the count came from paper: the stations, and the
    ballots in their boxes per contest; None without paper protocols."""
    protocols = list(
        PaperProtocol.objects.filter(election=election).select_related("contest")
    )
    if not protocols:
        return None
    online = dict(election.contests.annotate(n=Count("ballots")).values_list("pk", "n"))
    contests = []
    for contest in election.contests.all():
        mine = [p for p in protocols if p.contest_id == contest.pk]
        if mine:
            contests.append(
                {
                    "contest": contest,
                    "paper": sum(p.in_box for p in mine),
                    "online": online.get(contest.pk, 0),
                    "stations": sorted({p.station_name for p in mine}),
                }
            )
    return {
        "contests": contests,
        "stations": sorted({p.station_name for p in protocols}),
    }


def input_kind_of(contest: Contest) -> str:
    return input_kind(ballot_spec(contest))


# The booth ---------------------------------------------------------------------------


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_booth_open(election: Election, classroom: Classroom) -> None:
    now = timezone.now()
    if (
        election.state != ElectionState.OPEN
        or (election.opens_at and now < election.opens_at)
        or (election.closes_at and now >= election.closes_at)
    ):
        raise ValidationError(
            _("The booth works only while voting is open."), code="not_open"
        )
    if not selectors.electorate_rows_for(election, classroom).exists():
        raise ValidationError(
            _("Class %(name)s does not vote in this election.")
            % {"name": classroom.name},
            code="not_in_electorate",
        )


@transaction.atomic
def booth_unlock(*, by, election: Election, classroom: Classroom) -> str:
    """Unlocks the class's booth for one voter and returns the unlock's token.

    An unspent earlier unlock of the booth stops working: one voter at a time.
    Refused once as many pupils of the class have voted as the class has, since
    the booth must never let a class cast more ballots than it has voters.
    """
    managed(by, election)
    # Serialises unlocks of the election, so a booth never holds two at once.
    election = Election.objects.select_for_update().get(pk=election.pk)
    _check_booth_open(election, classroom)
    voted = selectors.election_turnout(election).by_classroom.get(classroom.pk, 0)
    if voted >= classroom.pupils.count():
        raise ValidationError(
            _("Every pupil of class %(name)s has already voted.")
            % {"name": classroom.name},
            code="class_complete",
        )
    _void_unspent(election, classroom)
    token = secrets.token_urlsafe(24)
    BoothUnlock.objects.create(
        election=election,
        station=classroom,
        token_hash=_token_digest(token),
        unlocked_by=by,
    )
    return token


def _void_unspent(election: Election, classroom: Classroom) -> int:
    return BoothUnlock.objects.filter(
        election=election, station=classroom, spent=False, void=False
    ).update(void=True)


@transaction.atomic
def booth_lock(*, by, election: Election, classroom: Classroom) -> int:
    """Locks the class's booth again; returns how many unlocks stopped working."""
    managed(by, election)
    return _void_unspent(election, classroom)


def booth_unlock_find(
    *, election: Election, classroom: Classroom, token: str | None
) -> BoothUnlock | None:
    """Returns the booth's usable unlock with this token, else None."""
    if not token:
        return None
    return (
        BoothUnlock.objects.select_related("station")
        .filter(
            election=election,
            station=classroom,
            token_hash=_token_digest(token),
            spent=False,
            void=False,
        )
        .first()
    )


# Live turnout ------------------------------------------------------------------------


def turnout_group(election_id: int) -> str:
    """Returns the channel-layer group of an election's turnout sockets."""
    return f"election-{election_id}-turnout"


def turnout_changed(election_id: int) -> None:
    """Tells the election's turnout sockets, after commit, that it changed.

    Only the first change in each :data:`TURNOUT_WINDOW` sends a notice; the
    sockets wait longer than the window before reading, so later changes in the
    window are read too.
    """
    transaction.on_commit(lambda: _notify(election_id))


def _notify(election_id: int) -> None:
    try:
        if not cache.add(f"turnout-notice:{election_id}", 1, timeout=TURNOUT_WINDOW):
            return
        async_to_sync(get_channel_layer().group_send)(
            turnout_group(election_id), {"type": TURNOUT_HANDLER}
        )
    except Exception:  # Transport only: the page reloads the turnout itself.
        logger.exception("Could not send the turnout of election %s", election_id)


def _percent(voted: int, eligible: int) -> float | None:
    return round(100 * voted / eligible, 1) if eligible else None


def _row(key, name: str, school: str, voted: int, eligible: int) -> dict[str, Any]:
    return {
        "id": key,
        "name": name,
        "school": school,
        "voted": voted,
        "eligible": eligible,
        "percent": _percent(voted, eligible),
    }


def turnout_report(election: Election) -> dict[str, Any]:
    """Returns the turnout in total, per class (and paper station) and per
    school: how many voted of how many may. No vote for any option is in it."""
    turnout = selectors.election_turnout(election)
    classrooms = selectors.electorate_classrooms(election).annotate(
        pupil_count=Count("pupils")
    )
    rows = [
        _row(
            c.pk,
            c.name,
            c.school.name,
            turnout.by_classroom.get(c.pk, 0),
            c.pupil_count,
        )
        for c in classrooms
    ]
    rows += [
        _row(f"station-{n}", name, "", voted, entitled)
        for n, (name, (voted, entitled)) in enumerate(turnout.by_station.items())
    ]
    return {
        "state": election.state,
        "voted": turnout.voted,
        "eligible": turnout.eligible,
        "percent": _percent(turnout.voted, turnout.eligible),
        "classes": rows,
        "schools": _schools(rows),
    }


def _schools(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    totals: dict[str, list[int]] = {}
    for row in rows:
        if row["school"]:
            voted, eligible = totals.setdefault(row["school"], [0, 0])
            totals[row["school"]] = [voted + row["voted"], eligible + row["eligible"]]
    return [
        _row(None, name, name, voted, eligible)
        for name, (voted, eligible) in sorted(totals.items())
    ]
