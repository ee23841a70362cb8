"""Voting: codes for the slips, and casting a secret ballot exactly once.

One code gives at most one ballot, and one signed-in pupil at most one, under any
concurrency: the code is spent by a conditional update (``spent=False`` →
``spent=True``, one row or none) and the pupil's participation row is kept unique
by the database, each in the same transaction as the ballot insert. A voter whose
update finds the code spent, or whose participation collides, rolls back with
nothing written.

The ballot itself carries no trace of the voter: a random key, the contest, the
choices, the class it was cast in and a tracker. The tracker is a hash of a random
nonce, the contest and the choices; the voter is shown it once and can find it in
the published ballot list. The nonce is never stored, so the tracker cannot be
recomputed by anyone, and the hash reveals nothing about the voter.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from school_councils.models import Classroom, Pupil
from simulations import selectors
from simulations.models import (
    BallotAccess,
    BallotRecord,
    BoothUnlock,
    Contest,
    Election,
    ElectionState,
    VoterParticipation,
    VotingCode,
)
from simulations.services.ballots import ballot_spec, shape_message
from simulations.services.polling import turnout_changed
from simulations.services.rules import BallotShapeError, check_ballot
from youth_civics import codes

TRACKER_LENGTH = 20


# Codes for the slips -------------------------------------------------------------


@dataclass(frozen=True)
class IssuedVotingCode:
    """A plain voting code, returned once to be printed on a slip."""

    code: str
    classroom: Classroom

    @property
    def display(self) -> str:
        return codes.display(self.code)


@transaction.atomic
def voting_codes_issue(
    *, by, election: Election, classroom: Classroom
) -> list[IssuedVotingCode]:
    """Issues the voting codes of one class and returns them, once, for the slips.

    One code per pupil of the class who has not voted yet. The class's unspent
    codes from an earlier printing stop working, so a lost sheet is replaced by
    printing again; spent codes stay spent and keep counting in the turnout.
    """
    if not selectors.user_manages(by, election):
        raise Http404
    _check_may_issue(election, classroom)
    # Two printings at once would each count the spent codes and issue a full set;
    # locking the election row makes the second wait for the first.
    Election.objects.select_for_update().filter(pk=election.pk).first()
    VotingCode.objects.filter(
        election=election, classroom=classroom, spent=False, void=False
    ).update(void=True)
    # Pupils who voted at the class's booth need no slip either.
    spent = (
        VotingCode.objects.filter(
            election=election, classroom=classroom, spent=True
        ).count()
        + BoothUnlock.objects.filter(
            election=election, station=classroom, spent=True
        ).count()
    )
    issued = []
    for _number in range(max(0, classroom.pupils.count() - spent)):
        code = codes.generate()
        VotingCode.objects.create(
            election=election, classroom=classroom, code_hash=codes.digest(code)
        )
        issued.append(IssuedVotingCode(code=code, classroom=classroom))
    return issued


def _check_may_issue(election: Election, classroom: Classroom) -> None:
    if election.access != BallotAccess.CODES:
        raise ValidationError(
            _("Pupils vote signed in to this election, without codes."),
            code="wrong_access",
        )
    if election.state not in (ElectionState.DRAFT, ElectionState.OPEN):
        raise ValidationError(
            _("Voting has closed: no more codes can be issued."), code="closed"
        )
    if not selectors.electorate_rows_for(election, classroom).exists():
        raise ValidationError(
            _("Class %(name)s does not vote in this election.")
            % {"name": classroom.name},
            code="not_in_electorate",
        )


# Looking a code up ---------------------------------------------------------------


def _refuse(code: str, message: str) -> ValidationError:
    return ValidationError(message, code=code)


def voting_code_find(code_text: str) -> VotingCode:
    """Returns the usable voting code typed in, or refuses saying why.

    ``mistyped_code`` when the check character shows a typing mistake (nothing is
    looked up), ``unknown_code`` when no such code exists (a guess: the caller
    counts these for the rate limit), ``spent_code`` or ``void_code`` otherwise.
    """
    try:
        code = codes.validate(code_text)
    except codes.CodeError:
        raise _refuse(
            "mistyped_code",
            _("Check the code: a character is mistyped, missing or extra."),
        ) from None
    found = (
        VotingCode.objects.select_related("election", "classroom")
        .filter(code_hash=codes.digest(code))
        .first()
    )
    if found is None:
        raise _refuse("unknown_code", _("This voting code does not exist."))
    if found.spent:
        raise _refuse("spent_code", _("This voting code has already been used."))
    if found.void:
        raise _refuse(
            "void_code",
            _("This slip was replaced by a new printing. Ask your teacher."),
        )
    return found


def voting_code_usable(code_text: str) -> VotingCode:
    """Returns the code typed in if it can vote now; refuses like
    :func:`voting_code_find`, or with ``not_open`` or ``closed``."""
    found = voting_code_find(code_text)
    _check_voting_time(found.election, timezone.now())
    return found


# Casting -------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    """What a voter takes away: the tracker of their ballot in one contest."""

    contest: Contest
    tracker: str

    @property
    def display(self) -> str:
        return codes.display(self.tracker)


def ballot_cast(
    *,
    election: Election,
    code: str | VotingCode | None = None,
    pupil: Pupil | None = None,
    unlock: BoothUnlock | None = None,
    choices: Mapping[str, Any],
    contests: list[Contest] | None = None,
) -> list[Receipt]:
    """Casts one voter's ballots and returns their trackers.

    The voter comes with a voting ``code``, as a signed-in ``pupil``, or at a
    classroom booth the commission unlocked for them (``unlock``, see
    ``services.polling``): exactly one of them. ``choices`` maps each of the
    voter's contests (its id, as text) to a ballot in the shape its method takes
    (see ``services.rules``). Everything is checked before anything is written; a
    refusal changes nothing.

    A page that has already looked the code up (``voting_code_usable``) and read
    the voter's ``contests`` (``selectors.voter_contests`` of the code's class)
    passes them, so that a cast reads neither twice. Spending stays the
    conditional update in the ballot's transaction, so a code found unspent a
    moment earlier still gives at most one ballot.
    """
    if [code, pupil, unlock].count(None) != 2:
        raise TypeError("ballot_cast needs one of a code, a pupil or an unlock")
    _check_voting_time(election, timezone.now())
    if code is not None:
        found = _code_of_election(election, code)
        station = found.classroom
    elif unlock is not None:
        found, station = None, _unlock_station(election, unlock)
    else:
        _check_pupil_may_vote(election, pupil)
        found, station = None, pupil.classroom
    if contests is None:
        contests = selectors.voter_contests(election, station)
    checked = _checked_ballots(contests, choices)
    records = [_record(contest, station, *ballot) for contest, ballot in checked]
    _write(election, found, pupil, station, records, unlock=unlock)
    return [Receipt(contest=r.contest, tracker=r.tracker) for r in records]


def _check_voting_time(election: Election, now) -> None:
    if election.state == ElectionState.DRAFT or (
        election.opens_at and now < election.opens_at
    ):
        raise _refuse("not_open", _("Voting has not opened yet."))
    closed = election.state != ElectionState.OPEN
    if closed or (election.closes_at and now >= election.closes_at):
        raise _refuse("closed", _("Voting has closed."))


def _code_of_election(election: Election, code: str | VotingCode) -> VotingCode:
    found = code if isinstance(code, VotingCode) else voting_code_find(code)
    if found.election_id != election.pk:
        raise _refuse("other_election", _("This code belongs to another election."))
    if found.classroom is None:
        raise _refuse("void_code", _("This code's class no longer exists."))
    return found


def _unlock_station(election: Election, unlock: BoothUnlock) -> Classroom:
    if unlock.election_id != election.pk or unlock.station is None:
        raise _refuse("booth_locked", _("The booth is locked. Ask the commission."))
    return unlock.station


def _check_pupil_may_vote(election: Election, pupil: Pupil) -> None:
    if election.access != BallotAccess.ACCOUNTS:
        raise _refuse(
            "wrong_access", _("This election is voted with the code on your slip.")
        )
    if not selectors.electorate_rows_for(election, pupil.classroom).exists():
        raise _refuse("not_in_electorate", _("Your class does not vote here."))
    if VoterParticipation.objects.filter(election=election, pupil=pupil).exists():
        raise _refuse("already_voted", _("You have already voted."))


def _checked_ballots(
    contests: list[Contest], choices: Mapping[str, Any]
) -> list[tuple[Contest, tuple[str, dict]]]:
    if not isinstance(choices, Mapping) or set(choices) != {
        str(c.pk) for c in contests
    }:
        raise _refuse(
            "wrong_contests",
            _("The ballot must answer every contest on it, and only those."),
        )
    checked = []
    for contest in contests:
        try:
            ballot = check_ballot(ballot_spec(contest), choices[str(contest.pk)])
        except BallotShapeError as error:
            raise _refuse(
                "bad_ballot",
                _("%(contest)s: %(problem)s")
                % {"contest": contest.name, "problem": shape_message(error)},
            ) from None
        checked.append((contest, ballot))
    return checked


def tracker_for(nonce: bytes, contest_id: int, choices: dict) -> str:
    """Returns the tracker: SHA-256 over a random nonce, the contest and the
    choices, as 20 characters (100 bits) of the codes' alphabet."""
    canonical = json.dumps(choices, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(nonce + f"|{contest_id}|{canonical}".encode()).digest()
    value = int.from_bytes(digest, "big") >> (256 - 5 * TRACKER_LENGTH)
    return "".join(
        codes.ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(TRACKER_LENGTH))
    )


def _record(
    contest: Contest, station: Classroom, status: str, choices: dict
) -> BallotRecord:
    tracker = tracker_for(secrets.token_bytes(32), contest.pk, choices)
    return BallotRecord(
        contest=contest,
        status=status,
        choices=choices,
        tracker=tracker,
        station=station,
    )


def _write(
    election: Election,
    code: VotingCode | None,
    pupil: Pupil | None,
    station: Classroom,
    records: list[BallotRecord],
    *,
    unlock: BoothUnlock | None = None,
) -> None:
    try:
        with transaction.atomic():
            _lock_open(election)
            if code is not None:
                _spend(code)
            elif unlock is not None:
                _spend_unlock(unlock)
            else:
                VoterParticipation.objects.create(
                    election=election, pupil=pupil, classroom=station
                )
            BallotRecord.objects.bulk_create(records)
            turnout_changed(election.pk)
    except IntegrityError:
        if (
            pupil is not None
            and VoterParticipation.objects.filter(
                election=election, pupil=pupil
            ).exists()
        ):
            raise _refuse("already_voted", _("You have already voted.")) from None
        raise


def _lock_open(election: Election) -> None:
    """Checks, under a shared lock on the election row, that voting is open.

    ``FOR SHARE`` lets ballots of one election go in side by side, while closing
    (an update of the row) waits for those in flight and every later ballot sees
    the election closed. Django's ``select_for_update`` has only exclusive locks,
    which would queue the voters one behind another. SQLite locks the whole
    database for a write anyway.
    """
    if connection.vendor == "postgresql":
        # The lock and the state it guards in one round trip.
        (current,) = Election.objects.raw(
            "SELECT id, state, opens_at, closes_at FROM simulations_election "
            "WHERE id = %s FOR SHARE",
            [election.pk],
        )
    else:
        current = Election.objects.only("state", "opens_at", "closes_at").get(
            pk=election.pk
        )
    _check_voting_time(current, timezone.now())


def _spend(code: VotingCode) -> None:
    spent = VotingCode.objects.filter(pk=code.pk, spent=False, void=False).update(
        spent=True
    )
    if spent != 1:
        # A reprint may have voided it in the same instant.
        if VotingCode.objects.filter(pk=code.pk, void=True, spent=False).exists():
            raise _refuse(
                "void_code",
                _("This slip was replaced by a new printing. Ask your teacher."),
            )
        raise _refuse("spent_code", _("This voting code has already been used."))


def _spend_unlock(unlock: BoothUnlock) -> None:
    spent = BoothUnlock.objects.filter(pk=unlock.pk, spent=False, void=False).update(
        spent=True
    )
    if spent != 1:
        raise _refuse("booth_locked", _("The booth is locked. Ask the commission."))
