"""Players and hosts over WebSockets: join, answer and acknowledgement, events with
consecutive numbers, reconnecting, and the server closing a question on time."""

from datetime import timedelta

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.utils import timezone

from quizzes import events
from quizzes.models import LiveSession, Player, QuestionKind
from tests.quizzes.factories import (
    add_question,
    empty_quiz,
    right_choice,
    start,
    wrong_choice,
)
from tests.quizzes.sockets import (
    close_database_connections,
    connected,
    isolated_channel_layers,
    session_cookie,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _channel_layers(settings):
    settings.CHANNEL_LAYERS = isolated_channel_layers(settings.REDIS_URL)


@pytest_asyncio.fixture(autouse=True)
async def _close_connections():
    yield
    await close_database_connections()


@pytest.fixture
def session(school_a):
    return start(school_a)


@pytest.fixture
def host_cookie(school_a):
    return session_cookie(school_a.teacher)


def play_path(session):
    return f"/ws/quiz/{session.pin}/play/"


def host_path(session):
    return f"/ws/quiz/{session.pk}/host/"


async def join(socket, nickname):
    await socket.send({"type": "join", "nickname": nickname, "id": "j1"})
    joined = await socket.expect("joined")
    state = await socket.expect("state")
    return joined, state


async def test_a_player_joins_and_the_host_sees_them_arrive(session, host_cookie):
    async with (
        connected(host_path(session), host_cookie) as host,
        connected(play_path(session)) as phone,
    ):
        lobby = await host.expect("state")
        assert lobby["phase"] == "lobby"
        assert lobby["players"] == []
        assert "start" in lobby["actions"]

        joined, state = await join(phone, "Ala")

        assert joined["reply_to"] == "j1"
        assert joined["player"]["nickname"] == "Ala"
        assert len(joined["token"]) >= 32
        assert state["phase"] == "lobby"
        assert state["you"]["nickname"] == "Ala"
        arrived = await host.expect("player_joined")
        assert arrived["player"]["nickname"] == "Ala"
        assert arrived["seq"] == lobby["seq"] + 1
        assert (await host.expect("presence"))["seq"] == lobby["seq"] + 2
        # Arrivals are the hosts' to show: the phones' numbers do not move.
        assert state["seq"] == 0


async def test_a_whole_question_answer_ack_and_result(session, host_cookie):
    choice = await database_sync_to_async(right_choice)(session, 0)
    wrong = await database_sync_to_async(wrong_choice)(session, 0)
    async with (
        connected(host_path(session), host_cookie) as host,
        connected(play_path(session)) as ala,
        connected(play_path(session)) as bob,
    ):
        await host.expect("state")
        await join(ala, "Ala")
        await join(bob, "Bob")
        await host.send({"type": "start", "id": 1})
        assert (await host.expect("ok"))["reply_to"] == 1

        opened = await ala.expect("question_opened")
        assert opened["question"]["index"] == 0
        assert opened["timing"]["deadline"]
        await bob.expect("question_opened")

        await ala.send({"type": "answer", "question": 0, "answer": {"choice": choice}})
        ack = await ala.expect("ack")
        assert ack["question"] == 0
        assert ack["response_ms"] >= 0
        count = await host.expect("answer_count")
        assert (count["answered"], count["players"]) == (1, 2)

        await bob.send({"type": "answer", "question": 0, "answer": {"choice": wrong}})
        await bob.expect("ack")

        # Everyone answered: the question closes without the host.
        closed_for_ala = await ala.expect("question_closed")
        assert closed_for_ala["you"]["correct"] is True
        assert closed_for_ala["you"]["score"] > 900
        assert "results" not in closed_for_ala  # others' results are not hers
        closed_for_bob = await bob.expect("question_closed")
        assert closed_for_bob["you"]["correct"] is False
        closed_for_host = await host.expect("question_closed")
        assert len(closed_for_host["results"]) == 2


async def test_every_player_gets_consecutive_event_numbers(session, host_cookie):
    async with (
        connected(host_path(session), host_cookie) as host,
        connected(play_path(session)) as ala,
    ):
        await host.expect("state")
        _, state = await join(ala, "Ala")
        await host.send({"type": "lock", "locked": True})
        await host.send({"type": "start"})
        await host.send({"type": "pause"})
        await host.send({"type": "resume"})
        await host.send({"type": "add_time", "seconds": 10})
        await ala.expect("time_added")
        numbered = [m["seq"] for m in ala.seen if m["type"] not in {"state", "joined"}]
        assert numbered == list(
            range(state["seq"] + 1, state["seq"] + 1 + len(numbered))
        )
        kinds = [m["type"] for m in ala.seen]
        assert kinds[-5:] == [
            "lock",
            "question_opened",
            "paused",
            "resumed",
            "time_added",
        ]


async def test_a_refreshed_phone_rejoins_with_nickname_score_streak_and_phase(
    session, host_cookie
):
    choice = await database_sync_to_async(right_choice)(session, 0)
    async with connected(host_path(session), host_cookie) as host:
        await host.expect("state")
        async with connected(play_path(session)) as phone:
            joined, _ = await join(phone, "Ala")
            await host.send({"type": "start"})
            await phone.expect("question_opened")
            await phone.send(
                {"type": "answer", "question": 0, "answer": {"choice": choice}}
            )
            await phone.expect("question_closed")  # Ala was the only player
        # The page reloads: a new socket, the token kept by the device.
        async with connected(play_path(session)) as again:
            await again.send({"type": "rejoin", "token": joined["token"]})
            rejoined = await again.expect("joined")
            state = await again.expect("state")
        assert rejoined["player"] == joined["player"]
        assert "token" not in rejoined
        assert state["phase"] == "closed"
        assert state["you"]["nickname"] == "Ala"
        assert state["you"]["score"] > 900
        assert state["you"]["streak"] == 1
        assert state["closed"]["you"]["correct"] is True


async def test_the_host_takes_over_from_another_device(session, school_a, host_cookie):
    colleague = await database_sync_to_async(session_cookie)(school_a.coordinator)
    async with connected(host_path(session), host_cookie) as first:
        await first.expect("state")
        await first.send({"type": "start"})
        await first.expect("question_opened")
    async with connected(host_path(session), colleague) as second:
        state = await second.expect("state")
        assert state["phase"] == "question"
        assert "pause" in state["actions"]
        await second.send({"type": "next"})
        await second.expect("question_closed")


async def test_a_player_who_missed_events_asks_for_the_whole_state(
    session, host_cookie
):
    async with (
        connected(host_path(session), host_cookie) as host,
        connected(play_path(session)) as phone,
    ):
        await host.expect("state")
        _, state = await join(phone, "Ala")
        # A later event arrives while the ones before it were lost on the way.
        await get_channel_layer().group_send(
            events.group_name(session.pk),
            {
                "type": events.HANDLER,
                "event": {"type": "lock", "seq": state["seq"] + 5},
            },
        )
        jumped = await phone.expect("lock")
        assert jumped["seq"] > state["seq"] + 1  # a gap: the client syncs
        await phone.send({"type": "sync", "id": "s"})
        synced = await phone.expect("state")
        assert synced["reply_to"] == "s"
        assert (
            synced["seq"]
            == await database_sync_to_async(
                lambda: LiveSession.objects.get(pk=session.pk).seq
            )()
        )
        assert synced["you"]["nickname"] == "Ala"


async def test_an_old_event_is_not_passed_on_twice(session):
    async with connected(play_path(session)) as phone:
        _, state = await join(phone, "Ala")
        await get_channel_layer().group_send(
            events.group_name(session.pk),
            {"type": events.HANDLER, "event": {"type": "lock", "seq": state["seq"]}},
        )
        assert await phone.silent()


async def test_the_server_closes_the_question_at_its_deadline(school_a, host_cookie):
    quiz = await database_sync_to_async(empty_quiz)(school_a)
    await database_sync_to_async(add_question)(
        quiz, QuestionKind.POLL, choices=["Yes", "No"], time_limit=5
    )
    session = await database_sync_to_async(start)(school_a, quiz)
    async with (
        connected(host_path(session), host_cookie) as host,
        connected(play_path(session)) as ala,
        connected(play_path(session)) as bob,
    ):
        await host.expect("state")
        await join(ala, "Ala")
        await join(bob, "Bob")
        await host.send({"type": "start"})
        opened = await ala.expect("question_opened")
        yes = opened["question"]["choices"][0]["id"]
        await ala.send({"type": "answer", "question": 0, "answer": {"choice": yes}})
        await ala.expect("ack")
        # Bob never answers; nobody presses anything.
        closed = await bob.expect("question_closed", timeout=15)
        assert closed["you"]["answered"] is False
        assert closed["distribution"]["choices"][str(yes)] == 1


async def test_an_answer_after_the_deadline_is_refused(session, host_cookie):
    choice = await database_sync_to_async(right_choice)(session, 0)
    async with (
        connected(host_path(session), host_cookie) as host,
        connected(play_path(session)) as phone,
    ):
        await host.expect("state")
        await join(phone, "Ala")
        await host.send({"type": "start"})
        await phone.expect("question_opened")
        await database_sync_to_async(
            lambda: LiveSession.objects.filter(pk=session.pk).update(
                deadline=timezone.now() - timedelta(seconds=1)
            )
        )()
        await phone.send(
            {"type": "answer", "question": 0, "answer": {"choice": choice}}
        )
        error = await phone.expect("error")
        assert error["code"] == "too_late"
        assert error["message"] == "Time is up: the answer came after the deadline."
        # The socket stays open.
        await phone.send({"type": "ping"})
        assert (await phone.expect("pong"))["server_time"]


async def test_a_second_answer_is_refused_over_the_socket(session, host_cookie):
    choice = await database_sync_to_async(right_choice)(session, 0)
    async with (
        connected(host_path(session), host_cookie) as host,
        connected(play_path(session)) as ala,
        connected(play_path(session)) as bob,
    ):
        await host.expect("state")
        await join(ala, "Ala")
        await join(bob, "Bob")
        await host.send({"type": "start"})
        await ala.expect("question_opened")
        answer = {"type": "answer", "question": 0, "answer": {"choice": choice}}
        await ala.send(answer)
        await ala.expect("ack")
        await ala.send({**answer, "id": "again"})
        error = await ala.expect("error")
        assert (error["code"], error["reply_to"]) == ("already_answered", "again")


async def test_the_host_removes_a_player_who_cannot_come_back(session, host_cookie):
    async with (
        connected(host_path(session), host_cookie) as host,
        connected(play_path(session)) as phone,
    ):
        await host.expect("state")
        joined, _ = await join(phone, "Troll")
        await host.send({"type": "remove", "player": joined["player"]["id"]})
        await host.expect("player_removed")
        error = await phone.expect("error")
        assert error["code"] == "removed"
        assert await phone.closed() == 4403
    async with connected(play_path(session)) as again:
        await again.send({"type": "rejoin", "token": joined["token"]})
        assert (await again.expect("error"))["code"] == "removed"
        assert await again.closed() == 4403


async def test_the_host_approves_word_cloud_answers_for_the_room(school_a, host_cookie):
    quiz = await database_sync_to_async(empty_quiz)(school_a)
    await database_sync_to_async(add_question)(quiz, QuestionKind.WORD_CLOUD)
    session = await database_sync_to_async(start)(school_a, quiz)
    async with (
        connected(host_path(session), host_cookie) as host,
        connected(play_path(session)) as ala,
        connected(play_path(session)) as bob,
    ):
        await host.expect("state")
        await join(ala, "Ala")
        await join(bob, "Bob")
        await host.send({"type": "start"})
        await ala.expect("question_opened")
        await ala.send({"type": "answer", "question": 0, "answer": {"text": "Wolność"}})
        pending = await host.expect("answer_pending")
        assert pending["text"] == "Wolność"
        await host.send({"type": "approve", "answer": pending["id"]})
        approved = await bob.expect("answer_approved")
        assert approved["answer"]["text"] == "Wolność"
        assert not any(m["type"] == "answer_pending" for m in bob.seen)


async def test_a_disconnected_player_stops_holding_the_question(session, host_cookie):
    choice = await database_sync_to_async(right_choice)(session, 0)
    async with (
        connected(host_path(session), host_cookie) as host,
        connected(play_path(session)) as ala,
    ):
        await host.expect("state")
        await join(ala, "Ala")
        async with connected(play_path(session)) as bob:
            await join(bob, "Bob")
        await host.send({"type": "start"})
        await ala.expect("question_opened")
        await ala.send({"type": "answer", "question": 0, "answer": {"choice": choice}})
        await host.expect("question_closed")
    bob = await database_sync_to_async(Player.objects.get)(nickname="Bob")
    assert bob.connections == 0
