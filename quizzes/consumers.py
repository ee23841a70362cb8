"""WebSocket consumers of live quizzes: one for players, one for hosts.

Consumers only translate: they check who connects and to what in ``connect()``,
validate every message against :mod:`quizzes.protocol`, call a service, and pass
the session's events on. The database is the truth; any Daphne process can serve
any client, and each one watches the open question's deadline so that whichever
process first sees it pass closes the question (once: the service rechecks under
the row lock).
"""

from __future__ import annotations

import asyncio
import logging
import random
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation.trans_real import parse_accept_lang_header

from quizzes import events, messages, payloads, protocol, selectors, services
from quizzes.models import LiveSession

logger = logging.getLogger(__name__)

# Events that (re)start the open question's clock, and those that stop it.
CLOCK_EVENTS = {"question_opened", "resumed", "time_added"}
STOP_EVENTS = {"paused", "question_closed", "question_skipped", "leaderboard", "final"}
# Events about one player: sent to the hosts, numbered in their own stream, and
# unnumbered to that player's own sockets (never to every phone).
ROSTER_EVENTS = {"player_joined", "player_removed", "player_updated", "presence"}
# Notices to hosts: not numbered, passed on as they come.
NOTICES = {"answer_pending"}
# How long an event that came before its turn waits for the ones it follows.
REORDER_WAIT = 0.25


_THREADS: list[ThreadPoolExecutor] = []
# Sockets joining and leaving groups at once: a class arriving together, or
# leaving after the podium. redis-py refuses a command beyond 100 connections
# (``MaxConnectionsError``) rather than waiting, so they take turns.
LAYER_CALLS = 32
_LAYER_GATES: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}


def _layer_calls() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    if loop not in _LAYER_GATES:
        _LAYER_GATES.clear()  # A new loop (tests): the old gate is unusable.
        _LAYER_GATES[loop] = asyncio.Semaphore(LAYER_CALLS)
    return _LAYER_GATES[loop]


def _database_threads() -> ThreadPoolExecutor | None:
    """Returns the threads the services run in, on PostgreSQL: as many as the
    connection pool holds (``QUIZ_DATABASE_THREADS`` to choose), so that a
    thousand sockets' answers are stored side by side rather than one after
    another in the single thread Channels gives by default. Each service is one
    transaction of its own, and a socket still handles its messages in order.
    SQLite, one writer at a time, keeps the single thread."""
    if connection.vendor != "postgresql":
        return None
    if not _THREADS:
        pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool") or {}
        size = getattr(settings, "QUIZ_DATABASE_THREADS", None) or pool.get(
            "max_size", 4
        )
        _THREADS.append(
            ThreadPoolExecutor(max_workers=size, thread_name_prefix="quiz-db")
        )
    return _THREADS[0]


def _client_address(scope) -> str:
    client = scope.get("client") or ("unknown",)
    return str(client[0])


class QuizConsumer(AsyncJsonWebsocketConsumer):
    """What players' and hosts' sockets share: framing, validation, the message
    budget, errors, event numbering and the deadline watch."""

    schemas: dict = {}
    # Refusals after which this kind of socket is closed (with the code in
    # protocol.CLOSING_CODES); other errors leave it open.
    closing_errors = frozenset({"too_big", "too_many_messages"})
    # Spreads the deadline checks of many sockets over a moment.
    timer_jitter = 0.0

    async def connect(self):
        self.session_id: int | None = None
        self.language = _browser_language(self.scope)
        self.last_seq = 0
        self.budget = protocol.Budget()
        self.timer: asyncio.Task | None = None
        self.groups_joined: list[str] = []
        self.event_lock = asyncio.Lock()
        self.held: dict[int, dict] = {}
        self.hold_task: asyncio.Task | None = None
        # Work that outlives the message that started it, until the socket
        # closes (kept here so it is not collected half-way).
        self.background: set[asyncio.Task] = set()
        await self.accept()
        try:
            await self.open()
        except Exception:
            logger.exception("Opening a quiz socket failed")
            await self.refuse("server_error")

    async def open(self):
        """Checks the user and the session; refuses with a close code."""
        raise NotImplementedError

    async def dispatch(self, message):
        """Hands a message to its handler, without the hop to Channels' one
        database thread that ``AsyncConsumer.dispatch`` makes before each one to
        close stale connections. Every database call of these sockets goes
        through :meth:`call`, which closes stale connections in the thread that
        holds them; the hop only queued each of a thousand sockets behind the
        others in one thread for every event of the game, so a question reached
        the last phone seconds late and answers waited behind the fan-out."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def disconnect(self, code):
        self._cancel_timer()
        if self.hold_task is not None:
            self.hold_task.cancel()
        for task in list(self.background):
            task.cancel()
        for group in self.groups_joined:
            async with _layer_calls():
                await self.channel_layer.group_discard(group, self.channel_name)

    # Calling the services ---------------------------------------------------------

    async def call(self, function, /, **kwargs):
        """Runs a sync service in the database thread, in the session's language."""
        language = self.language

        def run():
            with translation.override(language):
                return function(**kwargs)

        threads = _database_threads()
        if threads is None:
            return await database_sync_to_async(run)()
        return await database_sync_to_async(
            run, thread_sensitive=False, executor=threads
        )()

    def text(self, code: str, **params) -> str:
        with translation.override(self.language):
            return messages.text(code, **params)

    # Incoming messages ------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if text_data is None:
            await self.send_error("binary")
            return
        if not self.budget.take():
            if self.budget.exhausted:
                await self.refuse("too_many_messages")
            elif self.budget.dropped == 1:
                await self.send_error("too_many_messages", close=False)
            return
        try:
            raw = protocol.decode(text_data)
        except protocol.ProtocolError as error:
            await self.send_error(error.code)
            return
        await self.dispatch_message(raw)

    async def dispatch_message(self, raw):
        reply_to = protocol.reply_id(raw)
        try:
            message = protocol.validate(raw, self.schemas)
        except protocol.ProtocolError as error:
            await self.send_error(error.code, reply_to=reply_to, field=error.field)
            return
        handler = getattr(self, f"on_{message['type']}")
        try:
            await handler(message, reply_to)
        except ValidationError as error:
            # The service's message is already in the socket's language, with
            # its details filled in.
            await self.send_error(
                getattr(error, "code", None), reply_to, message=error.messages[0]
            )
        except Http404:
            await self.send_error("not_found", reply_to=reply_to)
        except Exception:
            # One bad message must never take the connection or the process down.
            logger.exception("Quiz message %s failed", message.get("type"))
            await self.send_error("server_error", reply_to=reply_to)

    async def on_ping(self, message, reply_to):
        await self.reply("pong", reply_to, server_time=payloads.iso(timezone.now()))

    # Outgoing messages ------------------------------------------------------------

    async def reply(self, kind: str, reply_to=None, **data):
        message = {"type": kind, "seq": self.shown_seq, **data}
        if reply_to is not None:
            message["reply_to"] = reply_to
        await self.send_json(message)

    async def send_error(
        self, code, reply_to=None, *, close=None, message=None, **params
    ):
        """Sends an error with ``message`` (else the code's own); closes the socket
        too when the code is one of ``closing_errors`` (unless ``close`` says
        otherwise)."""
        if code not in messages.MESSAGES:
            code, message = "server_error", None
        data = {"code": code, "message": message or self.text(code, **params)}
        if params.get("field"):
            data["field"] = params["field"]
        await self.reply("error", reply_to, **data)
        should_close = code in self.closing_errors if close is None else close
        if should_close:
            await self.close(code=protocol.CLOSING_CODES[code], reason=code)

    async def refuse(self, code: str):
        """Tells the client why, then closes with the code that says it."""
        await self.send_json(
            {
                "type": "error",
                "seq": self.shown_seq,
                "code": code,
                "message": self.text(code),
            }
        )
        await self.close(
            code=protocol.CLOSING_CODES.get(code, protocol.CLOSE_NOT_FOUND),
            reason=code,
        )

    async def send_state(self, state: dict, reply_to=None):
        self.last_seq = max(self.last_seq, state["seq"])
        state = dict(state)
        if reply_to is not None:
            state["reply_to"] = reply_to
        await self.send_json(state)
        self._watch_timing(
            state.get("timing") if state["phase"] == "question" else None
        )

    async def join_groups(self, *groups: str):
        for group in groups:
            async with _layer_calls():
                await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)

    async def quiz_event(self, message):
        """An event of the session's group (or a notice to its hosts).

        Events are numbered when they commit, but two transactions that commit
        close together may reach the channel layer in the other order (they are
        sent from different threads or processes). An event that arrives ahead
        of its turn waits here up to ``REORDER_WAIT`` seconds for the ones
        before it, so the client sees them in order instead of a gap and a
        ``sync``; if they never come, it is passed on and the client syncs."""
        event = message["event"]
        if event["type"] in NOTICES or not self.numbered:
            await self._pass_on(event)
            return
        async with self.event_lock:
            if event["seq"] > self.last_seq + 1:
                self.held[event["seq"]] = event
                if self.hold_task is None:
                    self.hold_task = asyncio.create_task(self._release_held())
                return
            await self._pass_on(event)
            await self._pass_on_held()

    @property
    def numbered(self) -> bool:
        """Whether this socket passes the group's numbered events on yet."""
        return True

    async def _pass_on_held(self):
        while self.last_seq + 1 in self.held:
            await self._pass_on(self.held.pop(self.last_seq + 1))
        for seq in [seq for seq in self.held if seq <= self.last_seq]:
            del self.held[seq]  # Already in a state sent since.
        if not self.held and self.hold_task is not None:
            if self.hold_task is not asyncio.current_task():
                self.hold_task.cancel()
            self.hold_task = None

    async def _release_held(self):
        await asyncio.sleep(REORDER_WAIT)
        async with self.event_lock:
            self.hold_task = None
            for seq in sorted(self.held):
                await self._pass_on(self.held.pop(seq))

    async def _pass_on(self, event: dict):
        if event["type"] in CLOCK_EVENTS:
            self._watch_timing(event.get("timing"))
        elif event["type"] in STOP_EVENTS:
            self._cancel_timer()
        try:
            await self.forward(event)
        except Exception:
            # An event this socket cannot pass on must not close it; the client
            # notices the gap and syncs.
            logger.exception("Passing on quiz event %s failed", event.get("type"))

    async def forward(self, event: dict):
        raise NotImplementedError

    @property
    def shown_seq(self) -> int:
        """The number of the last event this socket passed on (or the state it
        sent): the session's ``seq`` for a phone, ``host_seq`` for a host."""
        return self.last_seq

    def fresh(self, event: dict) -> bool:
        """Whether the event is newer than what this client was last told; the
        client already has older ones, or the state that followed them."""
        if event["seq"] <= self.last_seq:
            return False
        self.last_seq = event["seq"]
        return True

    # Watching the deadline --------------------------------------------------------

    def _cancel_timer(self):
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    @property
    def watching(self) -> bool:
        """Whether this socket takes part in closing questions at their deadline."""
        return self.session_id is not None

    def _watch_timing(self, timing: dict | None):
        self._cancel_timer()
        if not timing or not timing.get("deadline") or not self.watching:
            return
        deadline = datetime.fromisoformat(timing["deadline"])
        self.timer = asyncio.create_task(self._close_at(deadline))

    async def _close_at(self, moment: datetime):
        """Sleeps until ``moment``, then closes the question if it is due; waits
        again while players with extended time are still answering."""
        try:
            while moment is not None:
                wait = (moment - timezone.now()).total_seconds()
                await asyncio.sleep(max(wait, 0) + random.uniform(0, self.timer_jitter))
                moment = await self.call(
                    services.live_session_close_if_due, session_id=self.session_id
                )
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception(
                "Closing the question of session %s failed", self.session_id
            )


class PlayerConsumer(QuizConsumer):
    """``ws/quiz/<pin>/play/``: a player's phone. Join with a nickname or rejoin
    with the device's token, then answer."""

    schemas = protocol.PLAYER_MESSAGES
    closing_errors = QuizConsumer.closing_errors | {
        "removed",
        "finished",
        "no_such_game",
    }
    timer_jitter = 0.5

    @property
    def watching(self) -> bool:
        return self.session_id is not None and self.player is not None

    @property
    def numbered(self) -> bool:
        return self.player is not None

    async def connect(self):
        self.player = None
        await super().connect()

    async def open(self):
        self.pin = str(self.scope["url_route"]["kwargs"]["pin"])
        address = _client_address(self.scope)
        if not await self.call(services.join_allowed, client=address):
            await self.refuse("too_many_attempts")
            return
        try:
            session = await self.call(services.session_for_pin, pin=self.pin)
        except ValidationError as error:
            await self.call(services.join_failed, client=address)
            await self.refuse(error.code)
            return
        self.session_id = session.pk
        self.language = session.quiz.language
        await self.join_groups(events.group_name(session.pk))

    async def disconnect(self, code):
        await super().disconnect(code)
        if self.session_id is None or self.player is None:
            return
        try:
            await self.call(services.player_disconnected, player=self.player)
        except Exception:
            # The socket is gone either way; the count only decides whether the
            # question waits for this player, and the deadline still closes it.
            logger.exception("Counting a quiz socket as closed failed")

    async def on_join(self, message, reply_to):
        if self.player is not None:
            raise ValidationError(self.text("already_joined"), code="already_joined")
        joined = await self.call(
            services.player_join, pin=self.pin, nickname=message.get("nickname", "")
        )
        await self._enter(joined.player, reply_to, token=joined.token)

    async def on_rejoin(self, message, reply_to):
        if self.player is not None:
            raise ValidationError(self.text("already_joined"), code="already_joined")
        try:
            player = await self.call(
                services.player_rejoin, token=message["token"], pin=self.pin
            )
        except ValidationError as error:
            if error.code == "no_such_player":
                await self.call(
                    services.join_failed, client=_client_address(self.scope)
                )
            raise
        await self._enter(player, reply_to)

    async def _enter(self, player, reply_to, token=None):
        await self.join_groups(events.player_group_name(self.session_id, player.pk))
        self.player = player
        await self.call(services.player_connected, player=player)
        joined = {"player": {"id": player.pk, "nickname": player.nickname}}
        if token is not None:
            joined["token"] = token
        await self.reply("joined", reply_to, **joined)
        await self._send_own_state()

    async def _send_own_state(self, reply_to=None):
        state = await self.call(
            payloads.state, session_id=self.session_id, player_id=self.player.pk
        )
        await self.send_state(state, reply_to)

    async def on_answer(self, message, reply_to):
        self._require_player()
        arrived = timezone.now()
        answer = await self.call(
            services.answer_submit,
            player=self.player,
            question_index=message["question"],
            answer=message["answer"],
            now=arrived,
        )
        await self.reply(
            "ack",
            reply_to,
            question=answer.question_index,
            response_ms=answer.response_ms,
        )
        if await self.call(services.answer_followup, answer=answer):
            task = asyncio.create_task(self._count_answers_later(answer.question_index))
            self.background.add(task)
            task.add_done_callback(self.background.discard)

    async def _count_answers_later(self, question_index: int):
        """Publishes the count of answers at the end of the interval this socket
        claimed, whether or not it is still open."""
        await asyncio.sleep(services.ANSWER_COUNT_INTERVAL)
        try:
            await self.call(
                services.answer_count_publish,
                session_id=self.session_id,
                question_index=question_index,
            )
        except Exception:
            # Only the count is late: the next answer claims the next interval,
            # and question_closed carries the final count.
            logger.exception("Counting the answers of %s failed", self.session_id)

    async def on_sync(self, message, reply_to):
        self._require_player()
        await self._send_own_state(reply_to)

    def _require_player(self):
        if self.player is None:
            raise ValidationError(self.text("not_joined"), code="not_joined")

    async def quiz_event(self, message):
        """Events of the session's group are numbered with ``seq`` (the hosts'
        number is dropped); roster events come only from this player's own
        group, unnumbered, and are acted on here."""
        event = message["event"]
        if event["type"] in ROSTER_EVENTS:
            await self._own_roster_event(event)
            return
        event = {key: value for key, value in event.items() if key != "host_seq"}
        await super().quiz_event({**message, "event": event})

    async def _own_roster_event(self, event: dict):
        subject = event.get("player")
        mentioned = subject if isinstance(subject, dict) else {"id": subject}
        if self.player is None or mentioned.get("id") != self.player.pk:
            return
        if event["type"] == "player_removed":
            await self.refuse("removed")
        elif event["type"] == "player_updated":
            # The player's deadlines change: a fresh state shows them at once.
            self.player.time_multiplier = mentioned["time_multiplier"]
            await self._send_own_state()

    async def forward(self, event):
        if self.player is None or not self.fresh(event):
            return
        shown = payloads.personalise(
            event, player_id=self.player.pk, multiplier=self.player.multiplier
        )
        await self.send_json(shown)


class HostConsumer(QuizConsumer):
    """``ws/quiz/<session id>/host/``: the host's screen and controls, for the
    session's host or the staff of the quiz's school, from any device."""

    schemas = protocol.HOST_MESSAGES
    closing_errors = QuizConsumer.closing_errors | {"not_found"}

    async def open(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.refuse("not_signed_in")
            return
        session = await self.call(
            _session_for_host,
            user=user,
            session_id=self.scope["url_route"]["kwargs"]["session_id"],
        )
        if session is None:
            await self.refuse("not_found")
            return
        self.user = user
        self.session_id = session.pk
        self.language = _browser_language(self.scope, session.quiz.language)
        await self.join_groups(
            events.group_name(session.pk), events.hosts_group_name(session.pk)
        )
        await self._send_host_state()

    async def _send_host_state(self, reply_to=None):
        state = await self.call(payloads.state, session_id=self.session_id, host=True)
        await self.send_state(state, reply_to)

    async def quiz_event(self, message):
        """An event of the session's group carries the hosts' number beside the
        phones'; a host's socket numbers everything by the hosts' stream."""
        event = message["event"]
        if "host_seq" in event:
            event = {**event, "seq": event["host_seq"]}
            del event["host_seq"]
            message = {**message, "event": event}
        await super().quiz_event(message)

    async def forward(self, event):
        # Notices to hosts are not numbered events: always passed on.
        if event["type"] in NOTICES or self.fresh(event):
            await self.send_json(event)

    async def _control(self, action, reply_to, **kwargs):
        try:
            await self.call(
                _advance,
                session_id=self.session_id,
                by=self.user,
                action=action,
                **kwargs,
            )
        except services.AlreadyMoved:
            # Another device moved the game on first: this one catches up from
            # the events, and nothing happens twice.
            await self.reply("ok", reply_to, action=action, applied=False)
            return
        await self.reply("ok", reply_to, action=action, applied=True)

    async def on_start(self, message, reply_to):
        await self._control("start", reply_to)

    async def on_next(self, message, reply_to):
        await self._control("next", reply_to, **_expected(message))

    async def on_skip(self, message, reply_to):
        await self._control("skip", reply_to, **_expected(message))

    async def on_pause(self, message, reply_to):
        await self._control("pause", reply_to)

    async def on_resume(self, message, reply_to):
        await self._control("resume", reply_to)

    async def on_end(self, message, reply_to):
        await self._control("end", reply_to)

    async def on_add_time(self, message, reply_to):
        await self._control("add_time", reply_to, seconds=message["seconds"])

    async def on_lock(self, message, reply_to):
        await self.call(
            _host_call,
            function=services.lobby_lock,
            session_id=self.session_id,
            by=self.user,
            locked=message["locked"],
        )
        await self.reply("ok", reply_to, action="lock")

    async def on_remove(self, message, reply_to):
        await self.call(
            _host_call,
            function=services.player_remove,
            session_id=self.session_id,
            by=self.user,
            player_id=message["player"],
        )
        await self.reply("ok", reply_to, action="remove")

    async def on_extend_time(self, message, reply_to):
        await self.call(
            _host_call,
            function=services.player_extend_time,
            session_id=self.session_id,
            by=self.user,
            player_id=message["player"],
            multiplier=message["multiplier"],
        )
        await self.reply("ok", reply_to, action="extend_time")

    async def on_approve(self, message, reply_to):
        await self.call(
            _approve,
            session_id=self.session_id,
            by=self.user,
            answer_id=message["answer"],
        )
        await self.reply("ok", reply_to, action="approve")

    async def on_sync(self, message, reply_to):
        await self._send_host_state(reply_to)


# Sync helpers run in the database thread -------------------------------------------


def _session_for_host(*, user, session_id) -> LiveSession | None:
    """Returns the session if the user may host it; None for every other case
    (no such session, another school's), so nothing tells them apart."""
    if not str(session_id).isdigit():
        return None
    session = (
        LiveSession.objects.select_related("quiz__school")
        .filter(pk=int(session_id))
        .first()
    )
    if session is None or not selectors.may_host(user, session):
        return None
    return session


def _browser_language(scope, default: str | None = None) -> str:
    """The language chosen on the site (its cookie), else the one the browser
    asks for, else ``default`` or the site's."""
    supported = dict(settings.LANGUAGES)
    chosen = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in supported:
        return chosen
    if default:
        return default
    headers = dict(scope.get("headers") or [])
    accepted = headers.get(b"accept-language", b"").decode("latin-1")
    for code, _quality in parse_accept_lang_header(accepted):
        if code.split("-")[0] in supported:
            return code.split("-")[0]
    return settings.LANGUAGE_CODE


def _expected(message: dict) -> dict:
    """The phase and question a host's control was meant for, if it said."""
    return {
        "expected_phase": message.get("phase"),
        "expected_question": message.get("question"),
    }


def _advance(*, session_id, by, action, **kwargs):
    session = LiveSession.objects.get(pk=session_id)
    return services.live_session_advance(
        session=session, by=by, action=action, **kwargs
    )


def _host_call(*, function, session_id, **kwargs):
    return function(session=LiveSession.objects.get(pk=session_id), **kwargs)


def _approve(*, session_id, by, answer_id):
    session = LiveSession.objects.get(pk=session_id)
    answer = services.answer_for_host(by=by, session=session, answer_id=answer_id)
    return services.answer_approve(by=by, answer=answer)
