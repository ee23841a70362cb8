"""WebSocket consumers of simulations: the live turnout of an election.

``ws/elections/<id>/turnout/`` is for the people who run the election (its
teachers and coordinators, signed in with their session). On connecting they get
the whole turnout; after that, a fresh one each time ballots go in, at most about
once a second however fast pupils vote. A message holds counts of voters only:
nothing in it says how anyone voted, before or after voting closes. The protocol
is in docs/elections.md.
"""

from __future__ import annotations

import asyncio
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from simulations import selectors
from simulations.models import Election
from simulations.services import polling

logger = logging.getLogger(__name__)

CLOSE_NOT_SIGNED_IN = 4401
CLOSE_NOT_FOUND = 4404
# A socket reads the turnout this long after a notice: longer than the window in
# which later ballots send none (services.polling.TURNOUT_WINDOW).
READ_DELAY = polling.TURNOUT_WINDOW + 0.5


def _language(scope) -> str:
    """The language chosen on the site (its cookie), else the browser's."""
    supported = dict(settings.LANGUAGES)
    chosen = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in supported:
        return chosen
    headers = dict(scope.get("headers") or [])
    accepted = headers.get(b"accept-language", b"").decode("latin-1")
    for code, _quality in parse_accept_lang_header(accepted):
        if code.split("-")[0] in supported:
            return code.split("-")[0]
    return settings.LANGUAGE_CODE


def _managed_election(user, election_id: str) -> Election | None:
    """The election if the user runs it; None for every other case (no such
    election, another school's), so nothing tells them apart."""
    if not str(election_id).isdigit():
        return None
    return selectors.elections_managed_by(user).filter(pk=int(election_id)).first()


class TurnoutConsumer(AsyncJsonWebsocketConsumer):
    """``ws/elections/<id>/turnout/``: the turnout, pushed as ballots go in."""

    async def connect(self):
        self.election_id: int | None = None
        self.group: str | None = None
        self.seq = 0
        self.pending: asyncio.Task | None = None
        self.language = _language(self.scope)
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.refuse("not_signed_in", CLOSE_NOT_SIGNED_IN)
            return
        election = await database_sync_to_async(_managed_election)(
            user, self.scope["url_route"]["kwargs"]["election_id"]
        )
        if election is None:
            await self.refuse("not_found", CLOSE_NOT_FOUND)
            return
        self.election_id = election.pk
        self.group = polling.turnout_group(election.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.send_turnout()

    async def disconnect(self, code):
        if self.pending is not None:
            self.pending.cancel()
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def refuse(self, code: str, close_code: int):
        with translation.override(self.language):
            messages = {
                "not_signed_in": _("Sign in to follow the turnout."),
                "not_found": _("There is no such election among yours."),
            }
            message = messages[code]
        await self.send_json({"type": "error", "code": code, "message": message})
        await self.close(code=close_code, reason=code)

    async def receive_json(self, content, **kwargs):
        """The one request a client may send: ``{"type": "sync"}`` for the whole
        turnout now. Anything else is answered with an error."""
        if self.election_id is None:
            return
        if isinstance(content, dict) and content.get("type") == "sync":
            await self.send_turnout()
            return
        await self.send_json({"type": "error", "code": "bad_message"})

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if text_data is None or len(text_data) > 1000:
            await self.send_json({"type": "error", "code": "bad_message"})
            return
        try:
            await super().receive(text_data=text_data, **kwargs)
        except ValueError:
            await self.send_json({"type": "error", "code": "bad_message"})

    async def turnout_changed(self, event):
        """Ballots went in: read the turnout once, a moment later, however many
        notices arrive meanwhile."""
        if self.pending is None or self.pending.done():
            self.pending = asyncio.create_task(self._send_later())

    async def _send_later(self):
        try:
            await asyncio.sleep(READ_DELAY)
            await self.send_turnout()
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception(
                "Sending the turnout of election %s failed", self.election_id
            )

    async def send_turnout(self):
        report = await database_sync_to_async(_report)(self.election_id)
        if report is None:
            await self.refuse("not_found", CLOSE_NOT_FOUND)
            return
        self.seq += 1
        await self.send_json({"type": "turnout", "seq": self.seq, **report})


def _report(election_id: int):
    election = Election.objects.filter(pk=election_id).select_related("school").first()
    return None if election is None else polling.turnout_report(election)
