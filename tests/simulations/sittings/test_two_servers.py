"""A sitting across two Daphne processes sharing PostgreSQL and Redis, as behind a
load balancer: the chair's screen on one, a member's phone on the other. The vote
cast on one process reaches the chair on the other, and a phone reconnecting to
the other process gets the same state."""

import asyncio
import json
import uuid

import pytest
from asgiref.sync import sync_to_async
from websockets.asyncio.client import connect

from simulations.services import sittings as services
from tests.quizzes.sockets import session_cookie
from tests.quizzes.test_two_servers import QuizDaphne

from .conftest import open_sitting, student_council

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.services,
    pytest.mark.slow,
]


async def socket(server, path, cookie):
    return await connect(
        server.url.replace("http://", "ws://") + path,
        origin=server.url,
        additional_headers={"Accept-Language": "en", "Cookie": cookie},
        proxy=None,
        open_timeout=15,
    )


async def expect(connection, kind, timeout=20, **fields):
    async with asyncio.timeout(timeout):
        while True:
            message = json.loads(await connection.recv())
            if message["type"] == kind and all(
                message.get(k) == v for k, v in fields.items()
            ):
                return message


def cookie_of(user):
    return session_cookie(user)[1].decode()


@pytest.fixture
def prepared(school_a):
    cw = open_sitting(student_council(school_a), present=4)
    motion = services.motion_add(by=cw.chair, sitting=cw.sitting, title="T", text="X")
    vote = services.vote_open(by=cw.chair, kind="secret", motion=motion)
    return cw, vote, cookie_of(cw.chair), cookie_of(cw.member(1))


async def test_a_vote_on_one_process_reaches_the_chair_on_another(prepared):
    cw, vote, chair_cookie, member_cookie = prepared
    path = f"/ws/sittings/{cw.sitting.pk}/"
    prefix = f"test-{uuid.uuid4().hex}"
    with QuizDaphne(prefix) as chair_server, QuizDaphne(prefix) as phone_server:
        chair = await socket(chair_server, path, chair_cookie)
        phone = await socket(phone_server, path, member_cookie)
        try:
            await expect(chair, "state")
            await expect(phone, "state")
            await phone.send(
                json.dumps({"type": "vote", "vote": vote.pk, "choice": "for", "id": 1})
            )
            await expect(phone, "ack", reply_to=1)
            seen = await expect(chair, "state")
            while seen["vote"]["cast"] != 1:
                seen = await expect(chair, "state")
        finally:
            await phone.close()
        # The phone comes back through the chair's process.
        again = await socket(chair_server, path, member_cookie)
        try:
            state = await expect(again, "state")
        finally:
            await again.close()
            await chair.close()
    assert state["me"]["voted"] is True
    assert state["vote"]["cast"] == 1
    await sync_to_async(services.vote_close)(by=cw.chair, vote=vote)
