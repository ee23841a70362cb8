"""The procedure of a council sitting, as plain rules on plain data.

A sitting is *planned*, then *open*, then *closed*; nothing goes back. While it is
open the chair takes the agenda items in order, keeps a speakers' list with a
time limit, and puts motions and their amendments to the vote. The rules here are
those of the standing orders (statuty) of Polish councils and of the Sejm:

- amendments are voted before the motion they amend, so a motion is not put to
  the vote while one of its amendments is still pending (Regulamin Sejmu art. 52;
  the statutes of Kraków's council follow it);
- one vote at a time, and a member votes once;
- no vote without a quorum (u.s.g. art. 14 ust. 1, see :mod:`.majorities`);
- a member asks to speak once at a time and speaks when the chair gives the floor.

Every refusal is a :class:`ProcedureError` whose ``code`` the services turn into
a message for people. Nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ProcedureError(ValueError):
    """An action the procedure does not allow; ``code`` names the rule."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class SittingState(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"


class MotionState(StrEnum):
    DRAFT = "draft"
    VOTING = "voting"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


# An amendment moves through the same states as a motion.
AmendmentState = MotionState

DECIDED = frozenset({MotionState.ADOPTED, MotionState.REJECTED, MotionState.WITHDRAWN})

TRANSITIONS = {
    SittingState.PLANNED: {SittingState.OPEN},
    SittingState.OPEN: {SittingState.CLOSED},
    SittingState.CLOSED: set(),
}


class Choice(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


def sitting_transition(current: str, target: str) -> SittingState:
    """Returns ``target`` if a sitting in ``current`` may move to it."""
    current, target = SittingState(current), SittingState(target)
    if target not in TRANSITIONS[current]:
        if current is SittingState.CLOSED:
            raise ProcedureError("sitting_closed")
        if target is SittingState.CLOSED:
            raise ProcedureError("sitting_not_open")
        raise ProcedureError("sitting_already_open")
    return target


def require_open(state: str) -> None:
    """Refuses everything but preparation in a sitting that is not open."""
    if SittingState(state) is SittingState.PLANNED:
        raise ProcedureError("sitting_not_open")
    if SittingState(state) is SittingState.CLOSED:
        raise ProcedureError("sitting_closed")


def require_editable(state: str) -> None:
    """The agenda and motions may be prepared until the sitting closes."""
    if SittingState(state) is SittingState.CLOSED:
        raise ProcedureError("sitting_closed")


# The agenda -----------------------------------------------------------------------


def agenda_reorder(current: Sequence[int], wanted: Sequence[int]) -> list[int]:
    """Returns ``wanted`` if it is the same agenda items in another order."""
    if len(wanted) != len(current) or set(wanted) != set(current):
        raise ProcedureError("agenda_mismatch")
    return list(wanted)


def agenda_next(items: Sequence[int], current: int | None) -> int | None:
    """The item after ``current`` (the first when none is taken up yet), or None
    after the last one: the agenda is taken in order."""
    if not items:
        raise ProcedureError("agenda_empty")
    if current is None:
        return items[0]
    if current not in items:
        raise ProcedureError("agenda_mismatch")
    position = list(items).index(current)
    return items[position + 1] if position + 1 < len(items) else None


# The speakers' list -----------------------------------------------------------


@dataclass(frozen=True)
class Floor:
    """Who has the floor since when, and for how long at most."""

    member: int
    started_at: datetime
    limit_seconds: int

    def seconds_left(self, now: datetime) -> int:
        used = (now - self.started_at).total_seconds()
        return max(0, int(self.limit_seconds - used + 0.999))

    def overrun(self, now: datetime) -> bool:
        return self.seconds_left(now) == 0


def speaker_request(waiting: Sequence[int], member: int, speaking: int | None) -> list:
    """Adds ``member`` to the end of the list; once at a time."""
    if member in waiting:
        raise ProcedureError("already_waiting")
    if member == speaking:
        raise ProcedureError("already_speaking")
    return [*waiting, member]


def speaker_give_floor(
    waiting: Sequence[int], member: int, speaking: int | None
) -> list[int]:
    """Gives the floor to a waiting member; returns the list without them. The
    chair may take members out of order (a reply, a point of order), but only
    members who asked, and only when nobody else is speaking."""
    if speaking is not None:
        raise ProcedureError("floor_taken")
    if member not in waiting:
        raise ProcedureError("not_waiting")
    return [m for m in waiting if m != member]


def speaking_limit(seconds: int) -> int:
    """A time limit the chair may set: from 30 seconds to 15 minutes."""
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise ProcedureError("bad_time_limit")
    if not 30 <= seconds <= 900:
        raise ProcedureError("bad_time_limit")
    return seconds


# Motions, amendments and votes ------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """A motion or an amendment as the rules see it."""

    state: str
    is_amendment: bool = False


def amendment_allowed(motion_state: str) -> None:
    """Amendments are moved to a motion not yet voted on."""
    state = MotionState(motion_state)
    if state is MotionState.VOTING:
        raise ProcedureError("motion_in_vote")
    if state in DECIDED:
        raise ProcedureError("motion_decided")


def vote_may_open(
    *,
    sitting_state: str,
    target: Proposal,
    motion_state: str,
    amendment_states: Iterable[str],
    vote_in_progress: bool,
    quorum_met: bool,
) -> None:
    """Whether a vote on ``target`` may start now. For an amendment, the motion
    it amends is ``motion_state``; for a motion, ``amendment_states`` are its
    amendments', and any not decided yet blocks it."""
    require_open(sitting_state)
    if vote_in_progress:
        raise ProcedureError("vote_in_progress")
    if MotionState(target.state) in DECIDED:
        raise ProcedureError("already_decided")
    if target.is_amendment and MotionState(motion_state) in DECIDED:
        raise ProcedureError("motion_decided")
    if not target.is_amendment and any(
        MotionState(s) not in DECIDED for s in amendment_states
    ):
        raise ProcedureError("amendment_pending")
    if not quorum_met:
        raise ProcedureError("no_quorum")


def ballot_allowed(
    *, vote_open: bool, is_member: bool, present: bool, already_voted: bool
) -> None:
    """Whether a member may cast a vote: while it is open, once, if present."""
    if not vote_open:
        raise ProcedureError("vote_closed")
    if not is_member:
        raise ProcedureError("not_a_member")
    if not present:
        raise ProcedureError("not_present")
    if already_voted:
        raise ProcedureError("already_voted")


def choice(value: str) -> Choice:
    try:
        return Choice(value)
    except ValueError:
        raise ProcedureError("bad_choice") from None


# The text of a motion ---------------------------------------------------------


@dataclass(frozen=True)
class TextChange:
    """An amendment's change: ``old`` replaced by ``new``; with no ``old``, ``new``
    is added at the end as a new paragraph."""

    old: str
    new: str


def change_applies(text: str, change: TextChange) -> None:
    """Refuses a change whose words do not appear exactly once in ``text``, so
    what the council votes on is never ambiguous."""
    if not change.old.strip():
        if not change.new.strip():
            raise ProcedureError("amendment_empty")
        return
    found = text.count(change.old)
    if found == 0:
        raise ProcedureError("amendment_text_not_found")
    if found > 1:
        raise ProcedureError("amendment_text_ambiguous")


def apply_changes(text: str, changes: Iterable[TextChange]) -> str:
    """Returns the motion's text with the adopted amendments applied in order."""
    for change in changes:
        change_applies(text, change)
        if change.old.strip():
            text = text.replace(change.old, change.new, 1)
        else:
            text = f"{text.rstrip()}\n\n{change.new.strip()}"
    return text


# The register of resolutions --------------------------------------------------

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(number: int) -> str:
    """``number`` in Roman numerals, as terms are numbered (1 to 3999)."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise ProcedureError("bad_number")
    if not 1 <= number <= 3999:
        raise ProcedureError("bad_number")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def resolution_number(*, term: int, sequence: int, year: int) -> str:
    """The register number of a resolution, as Polish councils write it: the
    term in Roman numerals, the resolution's number in the term, the year
    ("XII/34/2026")."""
    if sequence < 1 or year < 1:
        raise ProcedureError("bad_number")
    return f"{roman(term)}/{sequence}/{year}"
