"""Writes of council sittings: opening and closing, attendance, the agenda, the
speakers' list, motions, amendments and votes.

The rules are :mod:`simulations.procedure.sitting` and
:mod:`simulations.procedure.majorities`; here they meet the rows. Every write
checks who asks (the chair: staff who run the council, or its chair or deputy;
a member: a pupil holding a seat), locks the sitting row so that its changes
happen one at a time, bumps the sitting's ``seq`` and, after commit, tells the
live screens (which then read the state back from the database).

A refused action raises :class:`ValidationError` with a message for people and
the rule's code, and changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from school_councils.councils import council_quorum
from school_councils.models import Council, Seat
from simulations import selectors_sittings as selectors
from simulations.models import (
    AgendaItem,
    Amendment,
    Attendance,
    MajorityChoice,
    Motion,
    ProposalState,
    Resolution,
    SecretChoice,
    Sitting,
    SpeakerRequest,
    SpeakerState,
    Vote,
    VoteCast,
    VoteKind,
    VoteParticipation,
)
from simulations.procedure import majorities
from simulations.procedure import sitting as procedure

logger = logging.getLogger(__name__)

SITTING_HANDLER = "sitting.changed"


def procedure_message(code: str) -> str:
    """The words for a refusal of the procedure, in the active language."""
    messages = {
        "sitting_not_open": _("The sitting is not open yet."),
        "sitting_closed": _("The sitting is closed; nothing can change any more."),
        "sitting_already_open": _("The sitting is already open."),
        "agenda_mismatch": _("The agenda has changed; reload the page."),
        "agenda_empty": _("The agenda is empty. Add an item first."),
        "already_waiting": _("You are already on the speakers' list."),
        "already_speaking": _("You have the floor already."),
        "floor_taken": _("Someone has the floor. End their speech first."),
        "not_waiting": _("This member is not on the speakers' list."),
        "bad_time_limit": _("The speaking time must be between 30 and 900 seconds."),
        "motion_in_vote": _("The motion is being voted on; it cannot be amended now."),
        "motion_decided": _("The motion has been decided already."),
        "vote_in_progress": _("Another vote is in progress. Close it first."),
        "already_decided": _("This has been decided already."),
        "amendment_pending": _(
            "The motion cannot be put to the vote while an amendment to it is "
            "pending. Vote on the amendments first (or withdraw them)."
        ),
        "no_quorum": _(
            "There is no quorum, so no vote can be held. Check the attendance."
        ),
        "vote_closed": _("This vote is closed; your vote was not counted."),
        "not_a_member": _("Only members of the council vote."),
        "not_present": _("Mark yourself present before you vote."),
        "already_voted": _("You have already voted; a member votes once."),
        "bad_choice": _("Choose for, against or abstain."),
        "amendment_empty": _("Write the words the amendment adds."),
        "amendment_text_not_found": _(
            "The words to replace are not in the motion's text. Copy them exactly."
        ),
        "amendment_text_ambiguous": _(
            "The words to replace appear more than once in the motion. Copy a "
            "longer passage, so that it is clear which one is meant."
        ),
        "roll_call_required": _("This majority requires a roll-call vote."),
        "bad_number": _("That number cannot be used."),
    }
    return messages.get(code, _("That is not allowed now."))


def _refuse(code: str):
    return ValidationError(procedure_message(code), code=code)


def _rules(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except procedure.ProcedureError as error:
        raise _refuse(error.code) from None


# Who asks ------------------------------------------------------------------------


def _require_chair(by, sitting: Sitting) -> None:
    if not selectors.sittings_for_user(by).filter(pk=sitting.pk).exists():
        raise Http404
    if not selectors.can_chair(by, sitting):
        raise ValidationError(
            _("Only the chair runs the sitting."), code="not_the_chair"
        )


def _require_member(by, sitting: Sitting) -> Seat:
    if not selectors.sittings_for_user(by).filter(pk=sitting.pk).exists():
        raise Http404
    seat = selectors.seat_of(by, sitting.council)
    if seat is None:
        raise _refuse("not_a_member")
    return seat


def _locked(sitting: Sitting) -> Sitting:
    """The sitting row, locked until the transaction ends."""
    return Sitting.objects.select_for_update().get(pk=sitting.pk)


def _changed(sitting: Sitting) -> None:
    """Counts a change of the sitting and tells its screens after commit."""
    Sitting.objects.filter(pk=sitting.pk).update(seq=F("seq") + 1)
    sitting_id = sitting.pk
    transaction.on_commit(lambda: notify(sitting_id))


def sitting_group(sitting_id: int) -> str:
    return f"sitting-{sitting_id}"


def notify(sitting_id: int) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        # Called from async code (a test driving a browser): the screens resync
        # on their next change or reconnect, so nothing is lost by skipping.
        return
    try:
        seq = Sitting.objects.filter(pk=sitting_id).values_list("seq", flat=True)
        async_to_sync(get_channel_layer().group_send)(
            sitting_group(sitting_id),
            {"type": SITTING_HANDLER, "seq": seq.first() or 0},
        )
    except Exception:  # Transport only: screens resync from the database.
        logger.exception("Could not tell the screens of sitting %s", sitting_id)


# The sitting -----------------------------------------------------------------


def sitting_create(
    *,
    by,
    council: Council,
    title: str,
    scheduled_for: date,
    speaking_limit: int = 180,
) -> Sitting:
    """Plans a sitting of ``council``, numbered after the last one."""
    if not selectors.user_manages_council(by, council):
        raise Http404
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the sitting a title."), code="title")
    _rules(procedure.speaking_limit, speaking_limit)
    with transaction.atomic():
        Council.objects.select_for_update().get(pk=council.pk)
        last = council.sittings.aggregate(n=Max("number"))["n"] or 0
        return Sitting.objects.create(
            council=council,
            number=last + 1,
            title=title[:200],
            scheduled_for=scheduled_for,
            speaking_limit=speaking_limit,
            created_by=by,
        )


def sitting_open(*, by, sitting: Sitting) -> Sitting:
    _require_chair(by, sitting)
    with transaction.atomic():
        sitting = _locked(sitting)
        sitting.state = _rules(
            procedure.sitting_transition, sitting.state, procedure.SittingState.OPEN
        )
        sitting.opened_at = timezone.now()
        sitting.save(update_fields=["state", "opened_at"])
        _changed(sitting)
    return sitting


def sitting_close(*, by, sitting: Sitting) -> Sitting:
    """Closes the sitting; refused while a vote is open. Whoever has the floor
    stops speaking and the speakers' list is cleared."""
    _require_chair(by, sitting)
    with transaction.atomic():
        sitting = _locked(sitting)
        if sitting.votes.filter(is_open=True).exists():
            raise _refuse("vote_in_progress")
        sitting.state = _rules(
            procedure.sitting_transition, sitting.state, procedure.SittingState.CLOSED
        )
        sitting.closed_at = timezone.now()
        sitting.save(update_fields=["state", "closed_at"])
        now = timezone.now()
        sitting.speakers.filter(state=SpeakerState.SPEAKING).update(
            state=SpeakerState.DONE, ended_at=now
        )
        sitting.speakers.filter(state=SpeakerState.WAITING).update(
            state=SpeakerState.WITHDRAWN, ended_at=now
        )
        _changed(sitting)
    return sitting


# Attendance -----------------------------------------------------------------


def present_count(sitting: Sitting) -> int:
    return sitting.attendances.count()


def quorum_needed(council: Council) -> int:
    import math

    return math.ceil(council_quorum(council) * council.statutory_seats)


def attendance_mark(
    *, by, sitting: Sitting, present: bool, seat: Seat | None = None
) -> None:
    """Marks a member present or absent: members mark themselves from their
    phone, the chair marks anyone."""
    own = selectors.seat_of(by, sitting.council)
    if seat is None or (own is not None and seat.pk == own.pk):
        seat = _require_member(by, sitting)
        by_member = True
    else:
        _require_chair(by, sitting)
        by_member = False
        if seat.council_id != sitting.council_id or seat.ended_on is not None:
            raise Http404
    with transaction.atomic():
        sitting = _locked(sitting)
        _rules(procedure.require_editable, sitting.state)
        if present:
            _, created = Attendance.objects.get_or_create(
                sitting=sitting, seat=seat, defaults={"by_member": by_member}
            )
        else:
            created = bool(sitting.attendances.filter(seat=seat).delete()[0])
        if created:
            _changed(sitting)


# The agenda -----------------------------------------------------------------


def agenda_item_add(*, by, sitting: Sitting, title: str) -> AgendaItem:
    _require_chair(by, sitting)
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the agenda item a title."), code="title")
    with transaction.atomic():
        sitting = _locked(sitting)
        _rules(procedure.require_editable, sitting.state)
        last = sitting.agenda_items.aggregate(n=Max("position"))["n"] or 0
        item = AgendaItem.objects.create(
            sitting=sitting, position=last + 1, title=title[:200]
        )
        _changed(sitting)
    return item


def agenda_advance(*, by, sitting: Sitting) -> AgendaItem | None:
    """Takes up the next agenda item (the first, at the start)."""
    _require_chair(by, sitting)
    with transaction.atomic():
        sitting = _locked(sitting)
        _rules(procedure.require_open, sitting.state)
        items = list(sitting.agenda_items.values_list("pk", flat=True))
        following = _rules(procedure.agenda_next, items, sitting.current_item_id)
        sitting.current_item_id = following
        sitting.save(update_fields=["current_item"])
        _changed(sitting)
    return sitting.current_item


# The speakers' list ---------------------------------------------------------


def _speaking(sitting: Sitting):
    return sitting.speakers.filter(state=SpeakerState.SPEAKING).first()


def _waiting_seats(sitting: Sitting) -> list[int]:
    return list(
        sitting.speakers.filter(state=SpeakerState.WAITING).values_list(
            "seat_id", flat=True
        )
    )


def speaker_request(*, by, sitting: Sitting) -> SpeakerRequest:
    """A member asks to speak; they join the end of the list."""
    seat = _require_member(by, sitting)
    with transaction.atomic():
        sitting = _locked(sitting)
        _rules(procedure.require_open, sitting.state)
        speaking = _speaking(sitting)
        _rules(
            procedure.speaker_request,
            _waiting_seats(sitting),
            seat.pk,
            speaking.seat_id if speaking else None,
        )
        request = SpeakerRequest.objects.create(
            sitting=sitting, seat=seat, limit_seconds=sitting.speaking_limit
        )
        _changed(sitting)
    return request


def speaker_withdraw(*, by, sitting: Sitting) -> None:
    """A member takes their name off the list."""
    seat = _require_member(by, sitting)
    with transaction.atomic():
        sitting = _locked(sitting)
        if sitting.speakers.filter(seat=seat, state=SpeakerState.WAITING).update(
            state=SpeakerState.WITHDRAWN, ended_at=timezone.now()
        ):
            _changed(sitting)


def speaker_give_floor(*, by, sitting: Sitting, seat: Seat) -> SpeakerRequest:
    """The chair gives the floor to a member on the list; the clock starts."""
    _require_chair(by, sitting)
    with transaction.atomic():
        sitting = _locked(sitting)
        _rules(procedure.require_open, sitting.state)
        speaking = _speaking(sitting)
        _rules(
            procedure.speaker_give_floor,
            _waiting_seats(sitting),
            seat.pk,
            speaking.seat_id if speaking else None,
        )
        request = sitting.speakers.get(seat=seat, state=SpeakerState.WAITING)
        request.state = SpeakerState.SPEAKING
        request.started_at = timezone.now()
        request.limit_seconds = sitting.speaking_limit
        request.save(update_fields=["state", "started_at", "limit_seconds"])
        _changed(sitting)
    return request


def speaker_end(*, by, sitting: Sitting) -> None:
    """The chair ends the current speech (the time is up, or the speaker done)."""
    _require_chair(by, sitting)
    with transaction.atomic():
        sitting = _locked(sitting)
        if sitting.speakers.filter(state=SpeakerState.SPEAKING).update(
            state=SpeakerState.DONE, ended_at=timezone.now()
        ):
            _changed(sitting)


# Motions and amendments -----------------------------------------------------


def motion_add(
    *,
    by,
    sitting: Sitting,
    title: str,
    text: str,
    majority: str = MajorityChoice.SIMPLE,
    agenda_item: AgendaItem | None = None,
) -> Motion:
    """Records a draft resolution moved at the sitting."""
    _require_chair(by, sitting)
    title, text = title.strip(), text.strip()
    if not title or not text:
        raise ValidationError(
            _("A motion needs a title and a text."), code="motion_empty"
        )
    if majority not in majorities.RULES:
        raise ValidationError(_("Choose a majority."), code="majority")
    if agenda_item is not None and agenda_item.sitting_id != sitting.pk:
        raise Http404
    with transaction.atomic():
        sitting = _locked(sitting)
        _rules(procedure.require_editable, sitting.state)
        motion = Motion.objects.create(
            sitting=sitting,
            agenda_item=agenda_item or sitting.current_item,
            title=title[:200],
            text=text,
            majority=majority,
        )
        _changed(sitting)
    return motion


def motion_text(motion: Motion) -> str:
    """The motion's text with its adopted amendments applied, in order."""
    adopted = motion.amendments.filter(state=ProposalState.ADOPTED).order_by("number")
    changes = [procedure.TextChange(a.old_text, a.new_text) for a in adopted]
    return _rules(procedure.apply_changes, motion.text, changes)


def amendment_add(*, by, motion: Motion, old_text: str, new_text: str) -> Amendment:
    """Records an amendment to a motion not yet voted on. Its words to replace
    must appear exactly once in the motion's current text."""
    sitting = motion.sitting
    _require_chair(by, sitting)
    old_text, new_text = old_text.strip(), new_text.strip()
    with transaction.atomic():
        sitting = _locked(sitting)
        _rules(procedure.require_editable, sitting.state)
        motion = Motion.objects.get(pk=motion.pk)
        _rules(procedure.amendment_allowed, motion.state)
        _rules(
            procedure.change_applies,
            motion_text(motion),
            procedure.TextChange(old_text, new_text),
        )
        if not new_text:
            raise _refuse("amendment_empty")
        last = motion.amendments.aggregate(n=Max("number"))["n"] or 0
        amendment = Amendment.objects.create(
            motion=motion, number=last + 1, old_text=old_text, new_text=new_text
        )
        _changed(sitting)
    return amendment


def proposal_withdraw(
    *, by, motion: Motion | None = None, amendment: Amendment | None = None
) -> None:
    """Withdraws a motion or an amendment not yet voted on."""
    proposal = motion or amendment
    sitting = (motion or amendment.motion).sitting
    _require_chair(by, sitting)
    with transaction.atomic():
        _locked(sitting)
        proposal.refresh_from_db()
        if proposal.state != ProposalState.DRAFT:
            raise _refuse("already_decided")
        proposal.state = ProposalState.WITHDRAWN
        proposal.save(update_fields=["state"])
        if motion is not None:
            motion.amendments.filter(state=ProposalState.DRAFT).update(
                state=ProposalState.WITHDRAWN
            )
        _changed(sitting)


# Votes ----------------------------------------------------------------------


def vote_open(
    *,
    by,
    kind: str,
    motion: Motion | None = None,
    amendment: Amendment | None = None,
) -> Vote:
    """Puts a motion or an amendment to the vote. Refused while another vote is
    open, while an amendment to the motion is pending, on a decided proposal and
    without a quorum. Amendments are adopted by a simple majority; a motion by
    the majority it was moved with."""
    if (motion is None) == (amendment is None):
        raise ValueError("vote on exactly one motion or amendment")
    target_motion = motion or amendment.motion
    sitting = target_motion.sitting
    _require_chair(by, sitting)
    if kind not in VoteKind.values:
        raise ValidationError(_("Choose how to vote."), code="kind")
    with transaction.atomic():
        sitting = _locked(sitting)
        target_motion = Motion.objects.get(pk=target_motion.pk)
        proposal = target_motion if motion else Amendment.objects.get(pk=amendment.pk)
        majority = target_motion.majority if motion else MajorityChoice.SIMPLE
        rule = majorities.RULES[majority]
        if motion and rule.roll_call and kind != VoteKind.ROLL_CALL:
            raise _refuse("roll_call_required")
        council = sitting.council
        present = present_count(sitting)
        _rules(
            procedure.vote_may_open,
            sitting_state=sitting.state,
            target=procedure.Proposal(proposal.state, is_amendment=motion is None),
            motion_state=target_motion.state,
            amendment_states=target_motion.amendments.values_list("state", flat=True),
            vote_in_progress=sitting.votes.filter(is_open=True).exists(),
            quorum_met=majorities.quorum_present(
                present=present,
                statutory_seats=council.statutory_seats,
                quorum=council_quorum(council),
            ),
        )
        vote = Vote.objects.create(
            sitting=sitting,
            motion=motion,
            amendment=amendment,
            kind=kind,
            majority=majority,
            present=present,
            statutory_seats=council.statutory_seats,
            quorum_needed=quorum_needed(council),
        )
        proposal.state = ProposalState.VOTING
        proposal.save(update_fields=["state"])
        _changed(sitting)
    return vote


def vote_cast(*, by, vote: Vote, choice: str) -> None:
    """Records a member's vote, once. In a secret vote the choice is stored
    without the seat, and the participation without the choice."""
    sitting = vote.sitting
    seat = _require_member(by, sitting)
    value = _rules(procedure.choice, choice)
    with transaction.atomic():
        # Locks in the order every writer takes them (the sitting, then the
        # vote), so casts queue behind a closing vote instead of deadlocking.
        _locked(sitting)
        vote = Vote.objects.select_for_update().get(pk=vote.pk)
        _rules(
            procedure.ballot_allowed,
            vote_open=vote.is_open,
            is_member=True,
            present=sitting.attendances.filter(seat=seat).exists(),
            already_voted=vote.participations.filter(seat=seat).exists(),
        )
        try:
            with transaction.atomic():
                VoteParticipation.objects.create(vote=vote, seat=seat)
        except IntegrityError:
            raise _refuse("already_voted") from None
        if vote.kind == VoteKind.SECRET:
            SecretChoice.objects.create(vote=vote, choice=value)
        else:
            VoteCast.objects.create(vote=vote, seat=seat, choice=value)
        _changed(sitting)


def _counts(vote: Vote) -> dict[str, int]:
    rows = vote.secret_choices if vote.kind == VoteKind.SECRET else vote.casts
    counts = dict.fromkeys(procedure.Choice, 0)
    for value in rows.values_list("choice", flat=True):
        counts[procedure.Choice(value)] += 1
    return counts


def vote_close(*, by, vote: Vote) -> majorities.Outcome:
    """Closes the vote, counts it under its majority and records the outcome;
    an adopted motion enters the register of resolutions."""
    sitting = vote.sitting
    _require_chair(by, sitting)
    with transaction.atomic():
        sitting = _locked(sitting)
        vote = Vote.objects.select_for_update().get(pk=vote.pk)
        if not vote.is_open:
            raise _refuse("vote_closed")
        counts = _counts(vote)
        cast = sum(counts.values())
        # Members who voted and then left are still counted as present for it.
        present = min(
            max(present_count(sitting), vote.present, cast), vote.statutory_seats
        )
        outcome = vote.rule.decide(
            votes_for=counts[procedure.Choice.FOR],
            against=counts[procedure.Choice.AGAINST],
            abstain=counts[procedure.Choice.ABSTAIN],
            present=present,
            statutory_seats=vote.statutory_seats,
            quorum=council_quorum(sitting.council),
        )
        _record(vote, outcome)
        proposal = vote.proposal
        proposal.state = (
            ProposalState.ADOPTED if outcome.passed else ProposalState.REJECTED
        )
        proposal.save(update_fields=["state"])
        if vote.motion_id and outcome.passed:
            _register(sitting, vote.motion)
        _changed(sitting)
    return outcome


def _record(vote: Vote, outcome: majorities.Outcome) -> None:
    vote.is_open = False
    vote.closed_at = timezone.now()
    vote.present = outcome.present
    vote.quorum_needed = outcome.quorum_needed
    vote.votes_for = outcome.votes_for
    vote.against = outcome.against
    vote.abstain = outcome.abstain
    vote.votes_needed = outcome.votes_needed
    vote.passed = outcome.passed
    vote.save()


def _register(sitting: Sitting, motion: Motion) -> Resolution:
    council = Council.objects.select_for_update().get(pk=sitting.council_id)
    last = council.resolutions.aggregate(n=Max("sequence"))["n"] or 0
    today = timezone.localdate()
    return Resolution.objects.create(
        council=council,
        sitting=sitting,
        motion=motion,
        sequence=last + 1,
        number=procedure.resolution_number(
            term=council.term_number, sequence=last + 1, year=today.year
        ),
        title=motion.title,
        text=motion_text(motion),
        adopted_on=today,
    )


def vote_outcome(vote: Vote) -> majorities.Outcome | None:
    """The recorded outcome of a closed vote, with its arithmetic."""
    if vote.is_open or vote.passed is None:
        return None
    return majorities.Outcome(
        rule=vote.rule,
        votes_for=vote.votes_for,
        against=vote.against,
        abstain=vote.abstain,
        present=vote.present,
        statutory_seats=vote.statutory_seats,
        quorum_needed=vote.quorum_needed,
        quorum_met=vote.present >= vote.quorum_needed,
        votes_needed=vote.votes_needed,
        passed=vote.passed,
    )
