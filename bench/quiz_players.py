"""Players of the live-quiz load test: one process driving many WebSocket clients.

Started by ``bench_quiz_load.py`` (one or more of these processes), never on its
own. It reads its configuration as one JSON line on stdin, opens its players'
sockets, joins them, writes ``{"event": "joined", ...}`` to stdout, then plays as
a phone would: numbers the events it receives, asks for ``sync`` on a gap,
answers every question at a random moment within the answer window, and leaves on
``final``. It ends by writing ``{"event": "result", ...}``: per player the
acknowledged and unacknowledged answers, and for everyone the latencies.

The same clients play against the bare broadcast server of ``quiz_floor.py``,
which speaks just enough of the protocol for them.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from datetime import datetime

from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException


def server_seconds(text: str) -> float:
    """Returns the POSIX time of an ISO timestamp like ``...T09:00:00.000Z``."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class Player:
    """One phone: joins, answers every question once (some tap twice), and keeps
    what it measured."""

    def __init__(self, number: int, url: str, config: dict, stats: Stats):
        self.number = number
        self.url = url
        self.config = config
        self.stats = stats
        self.random = random.Random(config["seed"] * 100_003 + number)
        self.player_id: int | None = None
        self.last_seq = 0
        self.sent: dict[str, tuple[int, float]] = {}  # id -> (question, sent at)
        self.acked: list[int] = []
        # Acks of the second tap: a second answer counted (must stay empty).
        self.acked_twice: list[int] = []
        self.refused: list[tuple[int, str, str]] = []
        self.answered: set[int] = set()
        self.tasks: set[asyncio.Task] = set()
        self.socket = None
        self.done = asyncio.Event()

    async def join(self) -> None:
        start = time.perf_counter()
        self.socket = await connect(
            self.url,
            origin=self.config["origin"],
            additional_headers={"Accept-Language": "pl"},
            proxy=None,
            open_timeout=60,
            max_queue=None,
            ping_interval=None,
        )
        nickname = f"Gracz{self.number:04d}"
        await self.socket.send(json.dumps({"type": "join", "nickname": nickname}))
        while True:
            text = await self.socket.recv()
            message = json.loads(text)
            self.stats.count(message, len(text))
            if message["type"] == "joined":
                self.player_id = message["player"]["id"]
            elif message["type"] == "state":
                self.last_seq = message["seq"]
                break
            elif message["type"] == "error":
                raise RuntimeError(f"join refused: {message['code']}")
        self.stats.join.append(time.perf_counter() - start)

    async def play(self) -> None:
        try:
            async for text in self.socket:
                received = time.time()
                message = json.loads(text)
                self.stats.count(message, len(text))
                if self.handle(message, received):
                    break
        finally:
            for task in self.tasks:
                task.cancel()
            await self.socket.close()

    def handle(self, message: dict, received: float) -> bool:
        """Acts on one message; returns True when the game is over."""
        kind = message["type"]
        if kind == "ack":
            reply_to = str(message.get("reply_to"))
            question, sent = self.sent.pop(reply_to)
            if reply_to.startswith("d"):
                self.acked_twice.append(question)
            else:
                self.acked.append(question)
                self.stats.ack.append(received - sent)
            return False
        if kind == "error":
            reply_to = str(message.get("reply_to"))
            if reply_to in self.sent:
                question, _sent = self.sent.pop(reply_to)
                self.refused.append((question, message["code"], reply_to[0]))
            else:
                self.stats.errors.append(message["code"])
            return False
        if kind == "state":
            self.last_seq = message["seq"]
            if message["phase"] == "question" and not message["you"]["answered"]:
                self.answer_later(message["question"])
            return message["phase"] == "final"
        if kind in {"joined", "pong", "ok"} or "seq" not in message:
            return False
        if message["seq"] <= self.last_seq:
            self.stats.stale += 1
            return False
        if message["seq"] > self.last_seq + 1:
            self.stats.gaps += 1
            self.stats.gap_types[kind] = self.stats.gap_types.get(kind, 0) + 1
            self.send({"type": "sync"})
        self.last_seq = message["seq"]
        if kind == "question_opened":
            sent = server_seconds(message["timing"]["server_time"])
            self.stats.fanout.append(received - sent)
            self.stats.opened_at.setdefault(message["question_index"], []).append(
                received
            )
            self.answer_later(message["question"])
        return kind == "final"

    def send(self, message: dict) -> None:
        task = asyncio.create_task(self.socket.send(json.dumps(message)))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def answer_later(self, question: dict) -> None:
        if question["index"] in self.answered:
            return
        self.answered.add(question["index"])
        task = asyncio.create_task(self.answer(question))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def answer(self, question: dict) -> None:
        await asyncio.sleep(self.random.uniform(0, self.config["answer_window"]))
        index = question["index"]
        choice = self.random.choice(question["choices"])["id"]
        taps = 2 if self.random.random() < self.config["double_tap"] else 1
        for tap in range(taps):
            reply_id = f"{'a' if tap == 0 else 'd'}{index}"
            self.sent[reply_id] = (index, time.time())
            await self.socket.send(
                json.dumps(
                    {
                        "type": "answer",
                        "question": index,
                        "answer": {"choice": choice},
                        "id": reply_id,
                    }
                )
            )

    def result(self) -> dict:
        return {
            "number": self.number,
            "player": self.player_id,
            "acked": self.acked,
            "acked_twice": self.acked_twice,
            "refused": self.refused,
            "unacked": sorted([q, rid[0]] for rid, (q, _sent) in self.sent.items()),
        }


class Stats:
    """What all players of this process measured, in seconds."""

    def __init__(self):
        self.join: list[float] = []
        self.fanout: list[float] = []
        self.ack: list[float] = []
        self.errors: list[str] = []
        self.gaps = 0
        self.join_failures = 0
        self.gap_types: dict[str, int] = {}
        # Events older than what the client already had (after a gap's sync).
        self.stale = 0
        self.messages: dict[str, int] = {}
        self.sizes: dict[str, int] = {}
        self.samples: dict[str, dict] = {}
        self.opened_at: dict[int, list[float]] = {}

    def count(self, message: dict, size: int) -> None:
        kind = message["type"]
        if kind not in self.messages:
            self.samples[kind] = message  # for the floor's messages of equal size
        self.messages[kind] = self.messages.get(kind, 0) + 1
        self.sizes[kind] = max(self.sizes.get(kind, 0), size)


def emit(data: dict) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


async def run(config: dict) -> None:
    stats = Stats()
    urls = config["urls"]
    players = [
        Player(number, urls[number % len(urls)], config, stats)
        for number in range(config["first"], config["first"] + config["count"])
    ]
    gate = asyncio.Semaphore(config["join_concurrency"])

    async def join(player):
        # A phone whose connection fails tries again, as a pupil would.
        for attempt in range(config["join_attempts"]):
            try:
                async with gate:
                    await player.join()
                return
            except (OSError, TimeoutError, WebSocketException):
                stats.join_failures += 1
                if player.socket is not None:
                    await player.socket.close()
                    player.socket = None
                await asyncio.sleep(1 + attempt)
        raise RuntimeError(f"player {player.number} could not join")

    started = time.time()
    await asyncio.gather(*(join(p) for p in players))
    emit({"event": "joined", "started": started, "finished": time.time()})
    try:
        async with asyncio.timeout(config["timeout"]):
            await asyncio.gather(*(p.play() for p in players))
        timed_out = False
    except TimeoutError:
        timed_out = True
    emit(
        {
            "event": "result",
            "timed_out": timed_out,
            "players": [p.result() for p in players],
            "join": stats.join,
            "fanout": stats.fanout,
            "ack": stats.ack,
            "errors": stats.errors,
            "gaps": stats.gaps,
            "join_failures": stats.join_failures,
            "gap_types": stats.gap_types,
            "stale": stats.stale,
            "messages": stats.messages,
            "sizes": stats.sizes,
            "samples": stats.samples,
            "opened_at": {str(k): [min(v), max(v)] for k, v in stats.opened_at.items()},
        }
    )


def main() -> None:
    config = json.loads(sys.stdin.readline())
    asyncio.run(run(config))


if __name__ == "__main__":
    main()
