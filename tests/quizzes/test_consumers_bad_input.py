"""Whatever a client sends, it gets a clear error or a socket closed with a reason
code; the consumer, the process and the other players carry on."""

import asyncio
import json

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async

from quizzes import services
from quizzes.protocol import MAX_FRAME
from tests.quizzes.factories import right_choice, start
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


async def error_for(socket, message):
    await socket.send(message)
    return await socket.expect("error")


async def still_open(socket):
    await socket.send({"type": "ping", "id": "alive?"})
    return (await socket.expect("pong", reply_to="alive?"))["type"] == "pong"


async def test_malformed_json_gets_an_error_and_the_socket_stays_open(session):
    async with connected(play_path(session)) as phone:
        for text in ("{", "not json", '{"type": "join"', "\x00"):
            error = await error_for(phone, text)
            assert error["code"] == "bad_json"
            assert error["message"] == "The message is not valid JSON."
        assert await still_open(phone)


async def test_an_unknown_type_is_named_as_such(session):
    async with connected(play_path(session)) as phone:
        error = await error_for(phone, {"type": "hack", "id": 7})
        assert (error["code"], error["field"], error["reply_to"]) == (
            "unknown_type",
            "type",
            7,
        )
        # A host's control is unknown on a player's socket.
        assert (await error_for(phone, {"type": "start"}))["code"] == "unknown_type"
        assert await still_open(phone)


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ({"type": "answer", "question": "0", "answer": {"choice": 1}}, "question"),
        ({"type": "answer", "question": True, "answer": {"choice": 1}}, "question"),
        ({"type": "answer", "question": 0, "answer": [1]}, "answer"),
        ({"type": "answer", "question": -1, "answer": {}}, "question"),
        ({"type": "answer", "answer": {"choice": 1}}, "question"),
        ({"type": "join", "nickname": 5}, "nickname"),
        ({"type": "join", "nickname": "x" * 101}, "nickname"),
        ({"type": "join", "nickname": "Ala", "admin": True}, "admin"),
        ({"type": "rejoin"}, "token"),
        ({"type": 3}, "type"),
        ({"nickname": "Ala"}, "type"),
        ({"type": "ping", "id": {"x": 1}}, "id"),
    ],
)
async def test_fields_of_the_wrong_type_or_missing_are_named(session, message, field):
    async with connected(play_path(session)) as phone:
        error = await error_for(phone, message)
        assert (error["code"], error["field"]) == ("invalid_message", field)
        assert (
            error["message"] == "The message is missing a field or has a wrong value."
        )
        assert await still_open(phone)


@pytest.mark.parametrize("value", ["[1, 2]", '"join"', "null", "42"])
async def test_json_that_is_not_an_object_is_refused(session, value):
    async with connected(play_path(session)) as phone:
        assert (await error_for(phone, value))["code"] == "invalid_message"


async def test_an_oversized_frame_closes_the_socket_with_a_reason(session):
    async with connected(play_path(session)) as phone:
        big = json.dumps({"type": "join", "nickname": "x" * MAX_FRAME})
        error = await error_for(phone, big)
        assert error["code"] == "too_big"
        assert await phone.closed() == 4413


async def test_a_short_burst_over_the_budget_is_dropped_not_closed(session):
    async with connected(play_path(session)) as phone:
        for _ in range(25):
            await phone.send({"type": "ping"})
        error = await phone.expect("error")
        assert error["code"] == "too_many_messages"
        assert error["message"] == "Too many messages at once. Slow down."
        await asyncio.sleep(1)
        assert await still_open(phone)


async def test_a_flood_of_messages_is_cut_off(session):
    async with connected(play_path(session)) as phone:
        for _ in range(80):
            await phone.send({"type": "ping"})
        assert await phone.closed() == 4429
        codes = [m.get("code") for m in phone.seen if m["type"] == "error"]
        assert codes[0] == "too_many_messages"
        # The first 20 were answered; the rest dropped until the socket closed.
        assert 20 <= sum(m["type"] == "pong" for m in phone.seen) < 30


async def test_binary_frames_are_refused(session):
    async with connected(play_path(session)) as phone:
        await phone.communicator.send_to(bytes_data=b"\x01\x02")
        assert (await phone.expect("error"))["code"] == "binary"
        assert await still_open(phone)


async def test_a_foreign_origin_is_refused_before_anything_else(session):
    async with connected(
        play_path(session), origin=(b"origin", b"https://evil.example")
    ) as phone:
        assert phone is None


@pytest.mark.parametrize("pin", ["000000", "999999", "abc", "1234567"])
async def test_a_pin_that_leads_nowhere_says_so_and_closes(session, pin):
    async with connected(f"/ws/quiz/{pin}/play/") as phone:
        error = await phone.expect("error")
        assert error["code"] == "no_such_game"
        assert error["message"] == (
            "There is no game with this PIN. Check the PIN on the screen."
        )
        assert await phone.closed() == 4404


async def test_a_finished_game_says_so_and_closes(session, school_a):
    await database_sync_to_async(services.live_session_advance)(
        session=session, by=school_a.teacher, action="end"
    )
    async with connected(play_path(session)) as phone:
        assert (await phone.expect("error"))["code"] == "finished"
        assert await phone.closed() == 4410


async def test_guessing_pins_blocks_the_address(session, monkeypatch):
    monkeypatch.setattr(services.players, "JOIN_FAILURE_LIMIT", 3)
    for guess in ("100001", "100002", "100003", "100004"):
        async with connected(f"/ws/quiz/{guess}/play/") as phone:
            await phone.closed()
    async with connected(play_path(session)) as phone:
        error = await phone.expect("error")
        assert error["code"] == "too_many_attempts"
        assert await phone.closed() == 4429


async def test_answering_before_joining_or_joining_twice_is_refused(session):
    async with connected(play_path(session)) as phone:
        early = await error_for(
            phone, {"type": "answer", "question": 0, "answer": {"choice": 1}}
        )
        assert early["code"] == "not_joined"
        assert (await error_for(phone, {"type": "sync"}))["code"] == "not_joined"
        await phone.send({"type": "join", "nickname": "Ala"})
        await phone.expect("joined")
        again = await error_for(phone, {"type": "join", "nickname": "Ola"})
        assert again["code"] == "already_joined"


async def test_a_refused_nickname_leaves_the_socket_open_for_another(session):
    async with connected(play_path(session)) as phone:
        error = await error_for(phone, {"type": "join", "nickname": "kurwa"})
        assert error["message"] == "Choose a kinder nickname."
        await phone.send({"type": "join", "nickname": "Ala"})
        assert (await phone.expect("joined"))["player"]["nickname"] == "Ala"


async def test_a_nickname_of_the_wrong_length_says_how_long_it_may_be(session):
    async with connected(play_path(session)) as phone:
        error = await error_for(phone, {"type": "join", "nickname": "A"})
        assert error["code"] == "nickname_length"
        assert error["message"] == "A nickname has from 2 to 20 characters."


async def test_an_unknown_token_is_refused_without_closing(session):
    async with connected(play_path(session)) as phone:
        error = await error_for(phone, {"type": "rejoin", "token": "made-up"})
        assert error["code"] == "no_such_player"
        assert await still_open(phone)


async def test_a_failure_inside_the_server_is_an_error_not_a_crash(
    session, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("database on fire")

    async with connected(play_path(session)) as phone:
        await phone.send({"type": "join", "nickname": "Ala"})
        await phone.expect("state")
        monkeypatch.setattr(services, "answer_submit", broken)
        error = await error_for(
            phone, {"type": "answer", "question": 0, "answer": {"choice": 1}}
        )
        assert error["code"] == "server_error"
        assert "fire" not in error["message"]
        assert await still_open(phone)


async def test_a_failure_while_opening_a_socket_is_told_not_crashed(
    session, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(services, "session_for_pin", broken)
    async with connected(play_path(session)) as phone:
        error = await phone.expect("error")
        assert error["code"] == "server_error"
        assert await phone.closed() == 1011


async def test_one_clients_garbage_never_reaches_or_stops_the_others(
    session, host_cookie
):
    choice = await database_sync_to_async(right_choice)(session, 0)
    host_path = f"/ws/quiz/{session.pk}/host/"
    async with (
        connected(host_path, host_cookie) as host,
        connected(play_path(session)) as good,
        connected(play_path(session)) as bad,
    ):
        await host.expect("state")
        await good.send({"type": "join", "nickname": "Ala"})
        await good.expect("state")
        await bad.send({"type": "join", "nickname": "Bob"})
        await bad.expect("state")
        await host.send({"type": "start"})
        await good.expect("question_opened")
        await bad.expect("question_opened")
        seen_before = len(good.seen)
        for garbage in ("{", {"type": "x"}, {"type": "answer"}, "[]"):
            await bad.send(garbage)
            await bad.expect("error")
        assert len(good.seen) == seen_before
        assert await good.silent()
        await good.send({"type": "answer", "question": 0, "answer": {"choice": choice}})
        assert (await good.expect("ack"))["question"] == 0


# The host's socket ---------------------------------------------------------------


async def test_a_host_socket_needs_a_signed_in_user(session):
    async with connected(f"/ws/quiz/{session.pk}/host/") as host:
        error = await host.expect("error")
        assert error["code"] == "not_signed_in"
        assert await host.closed() == 4401


@pytest.mark.parametrize("who", ["other_school", "pupil", "outsider"])
async def test_a_host_socket_of_someone_elses_game_is_not_found(
    session, school_b, school_a, outsider, who
):
    user = {
        "other_school": school_b.teacher,
        "pupil": school_a.pupils[0].user,
        "outsider": outsider,
    }[who]
    cookie = await database_sync_to_async(session_cookie)(user)
    async with connected(f"/ws/quiz/{session.pk}/host/", cookie) as host:
        assert (await host.expect("error"))["code"] == "not_found"
        assert await host.closed() == 4404


@pytest.mark.parametrize("session_id", ["999999", "abc", "0"])
async def test_a_host_socket_of_no_game_is_not_found(session, host_cookie, session_id):
    async with connected(f"/ws/quiz/{session_id}/host/", host_cookie) as host:
        assert (await host.expect("error"))["code"] == "not_found"
        assert await host.closed() == 4404


async def test_a_control_that_does_not_apply_is_refused_and_the_host_carries_on(
    session, host_cookie
):
    async with connected(f"/ws/quiz/{session.pk}/host/", host_cookie) as host:
        await host.expect("state")
        error = await error_for(host, {"type": "pause", "id": "p"})
        assert (error["code"], error["reply_to"]) == ("not_allowed", "p")
        assert (await error_for(host, {"type": "add_time", "seconds": 600}))[
            "field"
        ] == "seconds"
        assert (await error_for(host, {"type": "answer"}))["code"] == "unknown_type"
        await host.send({"type": "start"})
        assert (await host.expect("ok"))["action"] == "start"
