"""The sitting's socket: the state on connecting (so a reconnecting phone sees
what is true now), a fresh state after every change, members voting over it,
refusals with a message, and nobody from another school."""

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async

from simulations.models import VoteParticipation
from simulations.services import sittings as services
from tests.quizzes.sockets import (
    close_database_connections,
    connected,
    isolated_channel_layers,
    session_cookie,
)

from .conftest import open_sitting, student_council

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _channel_layers(settings):
    settings.CHANNEL_LAYERS = isolated_channel_layers(settings.REDIS_URL)


@pytest_asyncio.fixture(autouse=True)
async def _close_connections():
    yield
    await close_database_connections()


@pytest.fixture
def cw(school_a):
    cw = open_sitting(student_council(school_a), present=4)
    cw.motion = services.motion_add(
        by=cw.chair, sitting=cw.sitting, title="Dyskoteka", text="W piątek."
    )
    return cw


def path(cw):
    return f"/ws/sittings/{cw.sitting.pk}/"


@database_sync_to_async
def cookie(user):
    return session_cookie(user)


@database_sync_to_async
def open_vote(cw, kind="open"):
    return services.vote_open(by=cw.chair, kind=kind, motion=cw.motion)


@database_sync_to_async
def close_vote(cw, vote):
    return services.vote_close(by=cw.chair, vote=vote)


async def test_a_member_gets_the_whole_state_on_connecting(cw):
    async with connected(path(cw), await cookie(cw.member(1))) as socket:
        state = await socket.expect("state")
    assert state["present"] == 4
    assert state["quorum_met"] is True
    assert state["me"]["present"] is True
    assert state["motions"][0]["title"] == "Dyskoteka"


async def test_a_member_votes_and_everyone_sees_it_counted(cw):
    vote = await open_vote(cw)
    chair_cookie, member_cookie = await cookie(cw.chair), await cookie(cw.member(1))
    async with connected(path(cw), chair_cookie) as chair:
        await chair.expect("state")
        async with connected(path(cw), member_cookie) as phone:
            first = await phone.expect("state")
            assert first["vote"]["id"] == vote.pk
            await phone.send(
                {"type": "vote", "vote": vote.pk, "choice": "for", "id": "v1"}
            )
            await phone.expect("ack", reply_to="v1")
            mine = await phone.expect("state")
            assert mine["me"]["voted"] is True
        seen = await chair.expect("state")
        assert seen["vote"]["cast"] == 1
        assert seen["seq"] > first["seq"]


async def test_voting_twice_over_the_socket_is_refused_with_a_message(cw):
    vote = await open_vote(cw)
    async with connected(path(cw), await cookie(cw.member(1))) as phone:
        await phone.expect("state")
        await phone.send({"type": "vote", "vote": vote.pk, "choice": "for", "id": 1})
        await phone.expect("ack", reply_to=1)
        await phone.send(
            {"type": "vote", "vote": vote.pk, "choice": "against", "id": 2}
        )
        error = await phone.expect("error", reply_to=2)
    assert error["code"] == "already_voted"
    assert "once" in error["message"]
    count = await database_sync_to_async(
        VoteParticipation.objects.filter(vote=vote).count
    )()
    assert count == 1


async def test_a_phone_that_reconnects_sees_the_result_it_missed(cw):
    vote = await open_vote(cw)
    member_cookie = await cookie(cw.member(1))
    async with connected(path(cw), member_cookie) as phone:
        await phone.expect("state")
        await phone.send({"type": "vote", "vote": vote.pk, "choice": "for"})
        await phone.expect("ack")
    # Offline while the others vote and the chair closes the vote.
    for index in (2, 3):
        await database_sync_to_async(services.vote_cast)(
            by=cw.member(index), vote=vote, choice="for"
        )
    await close_vote(cw, vote)
    async with connected(path(cw), member_cookie) as phone:
        state = await phone.expect("state")
    assert state["vote"] is None
    (result,) = state["results"]
    assert (result["votes_for"], result["passed"]) == (3, True)
    assert result["citation"] == "u.s.g. art. 14 ust. 1"


async def test_sync_resends_the_state(cw):
    async with connected(path(cw), await cookie(cw.member(1))) as phone:
        first = await phone.expect("state")
        await phone.send({"type": "sync"})
        again = await phone.expect("state")
    assert again["seq"] == first["seq"]


async def test_bad_messages_are_refused(cw):
    async with connected(path(cw), await cookie(cw.member(1))) as phone:
        await phone.expect("state")
        for bad in (
            "not json",
            {"type": "hack"},
            {"type": "vote", "vote": "1", "choice": "for"},
        ):
            await phone.send(bad)
            assert (await phone.expect("error"))["code"] == "bad_message"


async def test_another_schools_users_and_strangers_are_refused(cw, school_b):
    for user in (school_b.teacher, school_b.coordinator, school_b.pupils[0].user):
        async with connected(path(cw), await cookie(user)) as socket:
            error = await socket.expect("error")
            assert error["code"] == "not_found"
            assert await socket.closed() == 4404
    async with connected(path(cw)) as socket:
        assert (await socket.expect("error"))["code"] == "not_signed_in"
        assert await socket.closed() == 4401


async def test_a_secret_vote_sends_no_choices_while_open(cw):
    vote = await open_vote(cw, kind="secret")
    async with connected(path(cw), await cookie(cw.member(1))) as phone:
        await phone.expect("state")
        await phone.send({"type": "vote", "vote": vote.pk, "choice": "against"})
        await phone.expect("ack")
        state = await phone.expect("state")
    assert "against" not in str(state["vote"])
    assert state["results"] == []
