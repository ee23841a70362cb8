"""The floor of the live-quiz load test: a bare ``websockets`` broadcast server.

Started by ``bench_quiz_load.py`` after the real run, in its own process, on the
same machine, for the same players (``quiz_players.py``) and with the same message
sizes: it replays the messages the real game sent (captured from it), with fresh
numbers and server times. No database, no channel layer, no per-player
encoding: one ``json.dumps`` per broadcast and an ack per answer at once. Whatever
the real server adds on top of this is its own cost.

Reads its configuration as one JSON line on stdin; writes ``{"port": ...}`` once
listening and ``{"event": "done"}`` after the last broadcast.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import UTC, datetime

from websockets.asyncio.server import broadcast, serve


def iso_now() -> str:
    text = datetime.now(UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


class Floor:
    def __init__(self, config: dict):
        self.config = config
        self.templates = config["templates"]
        self.players = config["players"]
        self.joined: set = set()
        self.seq = 0
        self.question: int | None = None
        self.answered: set = set()
        self.all_joined = asyncio.Event()
        self.all_answered = asyncio.Event()

    async def handler(self, socket):
        async for text in socket:
            message = json.loads(text)
            kind = message.get("type")
            if kind == "join":
                await self.join(socket, message)
            elif kind == "answer":
                await self.answer(socket, message)
            elif kind == "sync":
                await socket.send(json.dumps(self.state()))

    def state(self) -> dict:
        return {**self.templates["state"], "seq": self.seq, "phase": "lobby"}

    async def join(self, socket, message):
        number = len(self.joined) + 1
        self.joined.add(socket)
        reply = {**self.templates["joined"], "player": {"id": number, "nickname": ""}}
        reply["player"]["nickname"] = message.get("nickname", "")
        await socket.send(json.dumps(reply))
        await socket.send(json.dumps(self.state()))
        if len(self.joined) == self.players:
            self.all_joined.set()

    async def answer(self, socket, message):
        if message["question"] != self.question or socket in self.answered:
            reply = {
                **self.templates["error"],
                "seq": self.seq,
                "reply_to": message.get("id"),
            }
            await socket.send(json.dumps(reply))
            return
        self.answered.add(socket)
        reply = {
            **self.templates["ack"],
            "seq": self.seq,
            "question": self.question,
            "reply_to": message.get("id"),
        }
        await socket.send(json.dumps(reply))
        if len(self.answered) == self.players:
            self.all_answered.set()

    def broadcast(self, kind: str, **fields) -> None:
        self.seq += 1
        event = {**self.templates[kind], "seq": self.seq, **fields}
        broadcast(self.joined, json.dumps(event))

    async def game(self) -> None:
        await self.all_joined.wait()
        await asyncio.sleep(1)
        for index in range(self.config["questions"]):
            self.question, self.answered = index, set()
            self.all_answered.clear()
            opened = self.templates["question_opened"]
            timing = {**opened["timing"], "server_time": iso_now()}
            question = {**opened["question"], "index": index}
            self.broadcast(
                "question_opened",
                question_index=index,
                question=question,
                timing=timing,
            )
            await self.all_answered.wait()
            self.question = None
            self.broadcast("question_closed", question_index=index)
            await asyncio.sleep(self.config["pause"])
            self.broadcast("leaderboard", question_index=index)
            await asyncio.sleep(self.config["pause"])
        self.broadcast("final")


async def main() -> None:
    config = json.loads(sys.stdin.readline())
    floor = Floor(config)
    async with serve(
        floor.handler, "127.0.0.1", 0, max_queue=None, ping_interval=None, backlog=2048
    ) as server:
        port = server.sockets[0].getsockname()[1]
        sys.stdout.write(json.dumps({"port": port}) + "\n")
        sys.stdout.flush()
        await floor.game()
        await asyncio.sleep(2)
        sys.stdout.write(json.dumps({"event": "done", "at": time.time()}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(main())
