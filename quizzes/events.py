"""Events to a live session's clients, sent only after the transaction commits.

Every event to the session's group gets the next number of the session's ``seq``
(an atomic update of the row, held until commit), so clients see consecutive
numbers and notice a gap. Notices to the hosts only, and replies to one client,
are not numbered events: they carry the current ``seq`` for information.

The channel layer is only transport: when it fails, the change is already in the
database and clients catch up with ``sync``.
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import F

from quizzes.models import LiveSession

logger = logging.getLogger(__name__)

# The consumer method that receives group messages (``quiz.event`` → quiz_event).
HANDLER = "quiz.event"


def group_name(session_id: int) -> str:
    """Returns the group of everyone in the session: players and hosts."""
    return f"quiz-{session_id}"


def hosts_group_name(session_id: int) -> str:
    """Returns the group of the session's hosts only."""
    return f"quiz-{session_id}-hosts"


def next_seq(session_id: int) -> int:
    """Returns the session's next event number. The update locks the row's ``seq``
    until the transaction ends, so two transactions never take the same number."""
    LiveSession.objects.filter(pk=session_id).update(seq=F("seq") + 1)
    return LiveSession.objects.values_list("seq", flat=True).get(pk=session_id)


def current_seq(session_id: int) -> int:
    return LiveSession.objects.values_list("seq", flat=True).get(pk=session_id)


def publish(session_id: int, event_type: str, data: dict | None = None) -> dict:
    """Numbers an event and sends it to everyone in the session after commit.

    Must run inside the transaction that made the change the event reports.
    """
    with transaction.atomic():
        event = {"type": event_type, "seq": next_seq(session_id), **(data or {})}
        _after_commit(group_name(session_id), event)
    return event


def notify_hosts(session_id: int, event_type: str, data: dict | None = None) -> dict:
    """Sends a notice to the session's hosts only, after commit (not numbered)."""
    notice = {"type": event_type, "seq": current_seq(session_id), **(data or {})}
    _after_commit(hosts_group_name(session_id), notice)
    return notice


def _after_commit(group: str, event: dict) -> None:
    transaction.on_commit(lambda: send(group, event))


def send(group: str, event: dict) -> None:
    """Sends ``event`` to ``group`` now; a failing channel layer is logged, never
    raised, since the database already holds what the event reports."""
    try:
        async_to_sync(get_channel_layer().group_send)(
            group, {"type": HANDLER, "event": event}
        )
    except Exception:  # Transport only: clients resync from the database.
        logger.exception("Could not send %s to %s", event.get("type"), group)
