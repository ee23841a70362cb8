"""The WebSocket of a council sitting: ``ws/sittings/<id>/``.

The chair's screen, the projector and the members' phones all use it. On
connecting, and after every change, the socket sends the whole state of the
sitting read from the database (``{"type": "state", "seq": …}``); a phone that
reconnects therefore sees what is true now. Members may also act over it
(attendance, the speakers' list, voting); each message calls the same service
as the page's form and is answered with ``ack`` or ``error``. The protocol is in
docs/councils.md.
"""

from __future__ import annotations

import logging
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from simulations import selectors_sittings as selectors
from simulations.consumers import _language
from simulations.models import Sitting, Vote
from simulations.services import sittings as services

logger = logging.getLogger(__name__)

CLOSE_NOT_SIGNED_IN = 4401
CLOSE_NOT_FOUND = 4404
MAX_MESSAGE = 2000
# A socket may send this many messages in WINDOW seconds; more are refused.
BURST, WINDOW = 20, 10.0

# Message types a client may send, with the fields each needs.
SCHEMAS = {
    "sync": {},
    "present": {},
    "absent": {},
    "speak": {},
    "unspeak": {},
    "vote": {"vote": int, "choice": str},
}


class BadMessage(ValueError):
    pass


def validate(content) -> dict:
    """Returns the message if its shape is one of :data:`SCHEMAS`."""
    if not isinstance(content, dict) or content.get("type") not in SCHEMAS:
        raise BadMessage("bad_message")
    for name, kind in SCHEMAS[content["type"]].items():
        value = content.get(name)
        if isinstance(value, bool) or not isinstance(value, kind):
            raise BadMessage("bad_message")
    reply = content.get("id")
    if reply is not None and (not isinstance(reply, str | int) or len(str(reply)) > 40):
        raise BadMessage("bad_message")
    return content


def _sitting_for(user, sitting_id: str) -> Sitting | None:
    if not str(sitting_id).isdigit():
        return None
    return selectors.sittings_for_user(user).filter(pk=int(sitting_id)).first()


def _act(user, sitting_id: int, message: dict) -> None:
    sitting = Sitting.objects.get(pk=sitting_id)
    kind = message["type"]
    if kind in ("present", "absent"):
        services.attendance_mark(by=user, sitting=sitting, present=kind == "present")
    elif kind == "speak":
        services.speaker_request(by=user, sitting=sitting)
    elif kind == "unspeak":
        services.speaker_withdraw(by=user, sitting=sitting)
    elif kind == "vote":
        vote = Vote.objects.filter(sitting=sitting, pk=message["vote"]).first()
        if vote is None:
            raise Http404
        services.vote_cast(by=user, vote=vote, choice=message["choice"])


class SittingConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.sitting_id: int | None = None
        self.group: str | None = None
        self.last_seq = -1
        self.sent: list[float] = []
        self.language = _language(self.scope)
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.refuse("not_signed_in", CLOSE_NOT_SIGNED_IN)
            return
        sitting = await database_sync_to_async(_sitting_for)(
            user, self.scope["url_route"]["kwargs"]["sitting_id"]
        )
        if sitting is None:
            await self.refuse("not_found", CLOSE_NOT_FOUND)
            return
        self.sitting_id = sitting.pk
        self.group = services.sitting_group(sitting.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.send_state()

    async def disconnect(self, code):
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def refuse(self, code: str, close_code: int):
        with translation.override(self.language):
            texts = {
                "not_signed_in": _("Sign in to follow the sitting."),
                "not_found": _("There is no such sitting among yours."),
            }
            message = texts[code]
        await self.send_json({"type": "error", "code": code, "message": message})
        await self.close(code=close_code, reason=code)

    async def error(self, code: str, message: str = "", reply_to=None):
        data = {"type": "error", "code": code, "message": message}
        if reply_to is not None:
            data["reply_to"] = reply_to
        await self.send_json(data)

    def _within_budget(self) -> bool:
        now = time.monotonic()
        self.sent = [t for t in self.sent if now - t < WINDOW]
        self.sent.append(now)
        return len(self.sent) <= BURST

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if self.sitting_id is None:
            return
        if text_data is None or len(text_data) > MAX_MESSAGE:
            await self.error("bad_message")
            return
        if not self._within_budget():
            await self.error("too_many_messages")
            return
        try:
            await super().receive(text_data=text_data, **kwargs)
        except ValueError:
            await self.error("bad_message")

    async def receive_json(self, content, **kwargs):
        try:
            message = validate(content)
        except BadMessage as problem:
            await self.error(str(problem))
            return
        reply_to = message.get("id")
        if message["type"] == "sync":
            await self.send_state(force=True)
            return
        user = self.scope["user"]

        def run():
            with translation.override(self.language):
                _act(user, self.sitting_id, message)

        try:
            await database_sync_to_async(run)()
        except ValidationError as refusal:
            await self.error(
                getattr(refusal, "code", None) or "refused",
                refusal.messages[0],
                reply_to,
            )
            return
        except (Http404, Sitting.DoesNotExist):
            await self.error("not_found", reply_to=reply_to)
            return
        except Exception:
            logger.exception("Sitting message %s failed", message["type"])
            await self.error("server_error", reply_to=reply_to)
            return
        ack = {"type": "ack"}
        if reply_to is not None:
            ack["reply_to"] = reply_to
        await self.send_json(ack)

    async def sitting_changed(self, event):
        if event.get("seq", 0) > self.last_seq:
            await self.send_state()

    async def send_state(self, force: bool = False):
        user = self.scope["user"]

        def read():
            sitting = selectors.sittings_for_user(user).filter(pk=self.sitting_id)
            sitting = sitting.first()
            if sitting is None:
                return None
            with translation.override(self.language):
                return selectors.sitting_snapshot(sitting, user=user)

        state = await database_sync_to_async(read)()
        if state is None:
            await self.refuse("not_found", CLOSE_NOT_FOUND)
            return
        if state["seq"] <= self.last_seq and not force:
            return
        self.last_seq = state["seq"]
        await self.send_json({"type": "state", **state})
