"""Reads of council sittings, scoped to what a user may see.

Staff see the sittings of the councils they run; pupils those of the councils
they hold a seat in. Anything else is not found (404), never forbidden.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet

from school_councils import selectors as school_selectors
from school_councils.models import Council, Seat, SeatRole
from simulations.models import Resolution, Sitting, Vote

# Roles that may run a sitting from a phone, besides the staff who run the council.
CHAIR_ROLES = frozenset({SeatRole.CHAIR, SeatRole.DEPUTY})


def sittings_for_user(user) -> QuerySet[Sitting]:
    return Sitting.objects.filter(
        council__in=school_selectors.councils_for_user(user)
    ).select_related("council", "council__school", "current_item")


def resolutions_for_user(user) -> QuerySet[Resolution]:
    return Resolution.objects.filter(
        council__in=school_selectors.councils_for_user(user)
    ).select_related("council", "sitting")


def votes_for_user(user) -> QuerySet[Vote]:
    return Vote.objects.filter(sitting__in=sittings_for_user(user))


def user_manages_council(user, council: Council) -> bool:
    return school_selectors.councils_managed_by(user).filter(pk=council.pk).exists()


def seat_of(user, council: Council) -> Seat | None:
    return school_selectors.seat_of(user, council)


def can_chair(user, sitting: Sitting) -> bool:
    """Staff who run the council, or its chair or deputy chair, run a sitting."""
    if user_manages_council(user, sitting.council):
        return True
    seat = seat_of(user, sitting.council)
    return seat is not None and seat.role in CHAIR_ROLES


# The state a live screen shows -------------------------------------------------


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _members(sitting: Sitting) -> list[dict]:
    present = set(sitting.attendances.values_list("seat_id", flat=True))
    return [
        {
            "seat": seat.pk,
            "name": seat.pupil.pseudonym,
            "role": seat.role,
            "role_label": str(seat.get_role_display()),
            "club": seat.club.name if seat.club else "",
            "present": seat.pk in present,
        }
        for seat in school_selectors.current_seats(sitting.council)
    ]


def _speakers(sitting: Sitting, names: dict[int, str], now) -> tuple:
    from simulations.models import SpeakerState
    from simulations.procedure.sitting import Floor

    speaking, waiting = None, []
    rows = sitting.speakers.filter(
        state__in=[SpeakerState.WAITING, SpeakerState.SPEAKING]
    )
    for row in rows:
        name = names.get(row.seat_id) or "?"
        if row.state == SpeakerState.SPEAKING:
            floor = Floor(row.seat_id, row.started_at, row.limit_seconds)
            speaking = {
                "seat": row.seat_id,
                "name": name,
                "started_at": _iso(row.started_at),
                "limit": row.limit_seconds,
                "deadline": _iso(row.started_at + timedelta(seconds=row.limit_seconds)),
                "seconds_left": floor.seconds_left(now),
                "left_text": _clock(floor.seconds_left(now)),
            }
        else:
            waiting.append({"seat": row.seat_id, "name": name})
    return speaking, waiting


def _clock(seconds: int) -> str:
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}:{seconds:02d}"


def _proposal_label(vote: Vote) -> str:
    from django.utils.translation import gettext as _

    if vote.motion_id:
        return vote.motion.title
    return _("Amendment %(number)s to “%(motion)s”") % {
        "number": vote.amendment.number,
        "motion": vote.amendment.motion.title,
    }


def vote_result(vote: Vote, names: dict[int, str]) -> dict:
    """A closed vote's numbers, rule and article; who voted how only for a
    roll call (an open vote's names stay in the minutes' register, a secret
    vote has none)."""
    from simulations.models import VoteKind

    data = {
        "id": vote.pk,
        "label": _proposal_label(vote),
        "kind": vote.kind,
        "kind_label": str(vote.get_kind_display()),
        "rule": vote.majority,
        "rule_label": str(vote.get_majority_display()),
        "citation": vote.rule.citation,
        "votes_for": vote.votes_for,
        "against": vote.against,
        "abstain": vote.abstain,
        "present": vote.present,
        "statutory_seats": vote.statutory_seats,
        "quorum_needed": vote.quorum_needed,
        "votes_needed": vote.votes_needed,
        "passed": bool(vote.passed),
        "roll_call": [],
    }
    if vote.kind == VoteKind.ROLL_CALL:
        data["roll_call"] = [
            {"name": names.get(cast.seat_id, "?"), "choice": cast.choice}
            for cast in vote.casts.order_by("seat__pupil__pseudonym")
        ]
    return data


def _motions(sitting: Sitting) -> list[dict]:
    from simulations.services.sittings import motion_text

    out = []
    for motion in sitting.motions.prefetch_related("amendments"):
        try:
            text = motion_text(motion)
        except Exception:  # An amendment that no longer fits: show the original.
            text = motion.text
        out.append(
            {
                "id": motion.pk,
                "title": motion.title,
                "text": text,
                "state": motion.state,
                "state_label": str(motion.get_state_display()),
                "rule_label": str(motion.get_majority_display()),
                "citation": majorities_citation(motion.majority),
                "amendments": [
                    {
                        "id": a.pk,
                        "number": a.number,
                        "old_text": a.old_text,
                        "new_text": a.new_text,
                        "state": a.state,
                        "state_label": str(a.get_state_display()),
                    }
                    for a in motion.amendments.all()
                ],
            }
        )
    return out


def majorities_citation(key: str) -> str:
    from simulations.procedure import majorities

    return majorities.RULES[key].citation


def sitting_snapshot(sitting: Sitting, *, user) -> dict:
    """Everything a chair's, projector's or member's screen shows, read from the
    database: what a reconnecting phone is sent."""
    from django.utils import timezone

    from simulations.services.sittings import quorum_needed

    sitting = Sitting.objects.select_related("council").get(pk=sitting.pk)
    now = timezone.now()
    members = _members(sitting)
    names = {m["seat"]: m["name"] for m in members}
    # Former members' names, for votes they cast before they left.
    names.update(
        sitting.council.seats.filter(ended_on__isnull=False).values_list(
            "pk", "pupil__pseudonym"
        )
    )
    present = sum(m["present"] for m in members)
    needed = quorum_needed(sitting.council)
    speaking, waiting = _speakers(sitting, names, now)
    votes = list(sitting.votes.select_related("motion", "amendment__motion"))
    current = next((v for v in votes if v.is_open), None)
    seat = seat_of(user, sitting.council)
    me = None
    if seat is not None:
        me = {
            "seat": seat.pk,
            "present": any(m["seat"] == seat.pk and m["present"] for m in members),
            "voted": bool(current and current.participations.filter(seat=seat)),
            "waiting": any(w["seat"] == seat.pk for w in waiting),
            "speaking": bool(speaking and speaking["seat"] == seat.pk),
        }
    return {
        "sitting": {
            "id": sitting.pk,
            "number": sitting.number,
            "title": sitting.title,
            "state": sitting.state,
            "state_label": str(sitting.get_state_display()),
            "speaking_limit": sitting.speaking_limit,
        },
        "seq": sitting.seq,
        "server_time": _iso(now),
        "council": {
            "name": sitting.council.name,
            "statutory_seats": sitting.council.statutory_seats,
            "quorum_needed": needed,
        },
        "present": present,
        "quorum_met": present >= needed,
        "members": members,
        "agenda": [
            {
                "id": item.pk,
                "position": item.position,
                "title": item.title,
                "current": item.pk == sitting.current_item_id,
            }
            for item in sitting.agenda_items.all()
        ],
        "speaking": speaking,
        "waiting": waiting,
        "motions": _motions(sitting),
        "vote": None
        if current is None
        else {
            "id": current.pk,
            "label": _proposal_label(current),
            "kind": current.kind,
            "kind_label": str(current.get_kind_display()),
            "rule_label": str(current.get_majority_display()),
            "cast": current.participations.count(),
            "present": present,
        },
        "results": [vote_result(v, names) for v in votes if not v.is_open],
        "me": me,
        "chair": can_chair(user, sitting),
        "announce": _announcement(current, votes),
    }


def _announcement(current: Vote | None, votes: list[Vote]) -> str:
    """One sentence a screen reader announces when the screen changes."""
    from django.utils.translation import gettext as _

    if current is not None:
        return _("Vote open: %(label)s") % {"label": _proposal_label(current)}
    closed = [v for v in votes if not v.is_open]
    if not closed:
        return ""
    last = closed[-1]
    if last.passed:
        text = _("%(label)s: adopted (for %(f)s, against %(a)s, abstain %(s)s)")
    else:
        text = _("%(label)s: rejected (for %(f)s, against %(a)s, abstain %(s)s)")
    return text % {
        "label": _proposal_label(last),
        "f": last.votes_for,
        "a": last.against,
        "s": last.abstain,
    }
