"""What keeps a game of a thousand players responsive: the count of answers sent
at most once an interval, other players' arrivals kept off the phones, events put
back in order before they reach a client, and a second ``next`` for the same
moment changing nothing."""

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.core.cache import cache

from quizzes import events, services
from quizzes.models import LiveSession
from tests.quizzes.factories import right_choice, start
from tests.quizzes.sockets import (
    close_database_connections,
    connected,
    isolated_channel_layers,
    session_cookie,
)


def _join_connected(session, nickname):
    player = services.player_join(pin=session.pin, nickname=nickname).player
    services.player_connected(player=player)
    return player


def _answer(session, player, index=0):
    return services.answer_submit(
        player=player,
        question_index=index,
        answer={"choice": right_choice(session, index)},
    )


def _advance(session, by, action, **expected):
    return services.live_session_advance(
        session=session, by=by, action=action, **expected
    )


# The count of answers --------------------------------------------------------------


@pytest.fixture
def room(school_a, sent):
    """A started session with three connected players."""
    session = start(school_a)
    players = [_join_connected(session, name) for name in ("Ala", "Bob", "Cyd")]
    _advance(session, school_a.teacher, "start")
    return session, players


def test_answers_do_not_each_send_a_count_to_everyone(room, sent):
    session, (ala, bob, _cyd) = room
    before = len(sent)
    first = services.answer_followup(answer=_answer(session, ala))
    second = services.answer_followup(answer=_answer(session, bob))
    assert (first, second) == (True, False)  # one publishes, for the interval
    assert [e["type"] for _g, e in sent[before:]] == []


def test_the_count_published_after_the_interval_includes_every_answer(room, sent):
    session, (ala, bob, _cyd) = room
    services.answer_followup(answer=_answer(session, ala))
    services.answer_followup(answer=_answer(session, bob))
    event = services.answer_count_publish(session_id=session.pk, question_index=0)
    assert (event["type"], event["answered"], event["players"]) == (
        "answer_count",
        2,
        3,
    )
    assert sent[-1][1] == event


def test_the_next_interval_may_publish_again(room):
    session, (ala, bob, _cyd) = room
    assert services.answer_followup(answer=_answer(session, ala)) is True
    cache.delete(f"quiz-answer-count:{session.pk}:0")  # the interval has passed
    assert services.answer_followup(answer=_answer(session, bob)) is True


def test_no_count_follows_the_close(room, sent):
    session, players = room
    for player in players:
        services.answer_followup(answer=_answer(session, player))
    assert LiveSession.objects.get(pk=session.pk).phase == "closed"
    assert (
        services.answer_count_publish(session_id=session.pk, question_index=0) is None
    )
    kinds = [e["type"] for _g, e in sent]
    assert "answer_count" not in kinds
    assert kinds[-1] == "question_closed"


def test_the_last_awaited_answer_closes_without_claiming_a_count(room):
    session, (ala, bob, cyd) = room
    services.answer_followup(answer=_answer(session, ala))
    services.answer_followup(answer=_answer(session, bob))
    cache.clear()
    assert services.answer_followup(answer=_answer(session, cyd)) is False
    assert LiveSession.objects.get(pk=session.pk).phase == "closed"


# A second next ---------------------------------------------------------------------


def test_a_second_next_meant_for_the_open_question_changes_nothing(room, school_a):
    session, _players = room
    teacher = school_a.teacher
    _advance(session, teacher, "next", expected_phase="question", expected_question=0)
    seq = LiveSession.objects.get(pk=session.pk).seq
    with pytest.raises(services.AlreadyMoved):
        _advance(
            session, teacher, "next", expected_phase="question", expected_question=0
        )
    after = LiveSession.objects.get(pk=session.pk)
    assert (after.phase, after.seq) == ("closed", seq)
    _advance(session, teacher, "next", expected_phase="closed", expected_question=0)
    assert LiveSession.objects.get(pk=session.pk).phase == "leaderboard"


def test_a_next_meant_for_another_question_changes_nothing(room, school_a):
    session, _players = room
    with pytest.raises(services.AlreadyMoved):
        _advance(session, school_a.teacher, "skip", expected_question=1)
    assert LiveSession.objects.get(pk=session.pk).question_index == 0


def test_a_next_without_expectations_still_moves_the_game(room, school_a):
    session, _players = room
    _advance(session, school_a.teacher, "next")
    assert LiveSession.objects.get(pk=session.pk).phase == "closed"


# Over WebSockets -------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
class TestSockets:
    @pytest.fixture(autouse=True)
    def _channel_layers(self, settings):
        settings.CHANNEL_LAYERS = isolated_channel_layers(settings.REDIS_URL)

    @pytest_asyncio.fixture(autouse=True)
    async def _close_connections(self):
        yield
        await close_database_connections()

    @pytest.fixture
    def session(self, school_a):
        return start(school_a)

    @pytest.fixture
    def host_cookie(self, school_a):
        return session_cookie(school_a.teacher)

    async def test_phones_are_not_told_of_other_players_and_count_one_by_one(
        self, session, host_cookie
    ):
        play = f"/ws/quiz/{session.pin}/play/"
        async with (
            connected(f"/ws/quiz/{session.pk}/host/", host_cookie) as host,
            connected(play) as ala,
            connected(play) as bob,
        ):
            await host.expect("state")
            _, state = await _join(ala, "Ala")
            await _join(bob, "Bob")
            while (await host.expect("player_joined"))["player"]["nickname"] != "Bob":
                pass
            await host.send({"type": "start"})
            opened = await ala.expect("question_opened")
            # Bob's arrival and presence went to the host only, so Ala's next
            # event follows her state with no gap to sync over.
            assert opened["seq"] == state["seq"] + 1
            kinds = {m["type"] for m in ala.seen}
            assert not kinds & {"player_joined", "presence"}
            await ala.send({"type": "sync", "id": "s"})
            synced = await ala.expect("state")
            assert synced["seq"] == opened["seq"]

    async def test_an_event_that_arrives_early_waits_for_the_one_before_it(
        self, session
    ):
        async with connected(f"/ws/quiz/{session.pin}/play/") as phone:
            _, state = await _join(phone, "Ala")
            group = events.group_name(session.pk)
            for seq, locked in ((state["seq"] + 2, False), (state["seq"] + 1, True)):
                await get_channel_layer().group_send(
                    group,
                    {
                        "type": events.HANDLER,
                        "event": {"type": "lock", "seq": seq, "locked": locked},
                    },
                )
            first = await phone.expect("lock")
            second = await phone.expect("lock")
            assert [first["seq"], second["seq"]] == [
                state["seq"] + 1,
                state["seq"] + 2,
            ]
            assert (first["locked"], second["locked"]) == (True, False)

    async def test_an_event_whose_predecessor_never_comes_is_passed_on_late(
        self, session
    ):
        async with connected(f"/ws/quiz/{session.pin}/play/") as phone:
            _, state = await _join(phone, "Ala")
            await get_channel_layer().group_send(
                events.group_name(session.pk),
                {
                    "type": events.HANDLER,
                    "event": {"type": "lock", "seq": state["seq"] + 3, "locked": True},
                },
            )
            assert await phone.silent(timeout=0.1)  # held for its turn
            late = await phone.expect("lock", timeout=2)
            assert late["seq"] == state["seq"] + 3  # a gap: the phone syncs

    async def test_two_host_devices_sending_next_move_the_game_once(
        self, session, host_cookie
    ):
        host_path = f"/ws/quiz/{session.pk}/host/"
        async with (
            connected(host_path, host_cookie) as laptop,
            connected(host_path, host_cookie) as tablet,
            connected(f"/ws/quiz/{session.pin}/play/") as phone,
        ):
            await laptop.expect("state")
            await tablet.expect("state")
            await _join(phone, "Ala")
            await laptop.send({"type": "start"})
            await laptop.expect("question_opened")
            await tablet.expect("question_opened")
            shown = {"type": "next", "phase": "question", "question": 0}
            await laptop.send({**shown, "id": "l"})
            await tablet.send({**shown, "id": "t"})
            replies = [await laptop.expect("ok"), await tablet.expect("ok")]
            assert sorted(r["applied"] for r in replies) == [False, True]
            await phone.expect("question_closed")
            assert await phone.silent(timeout=0.5)  # no leaderboard skipped to
            row = await database_sync_to_async(LiveSession.objects.get)(pk=session.pk)
            assert row.phase == "closed"

    async def test_the_host_is_told_the_count_within_the_interval(
        self, session, host_cookie
    ):
        choice = await database_sync_to_async(right_choice)(session, 0)
        play = f"/ws/quiz/{session.pin}/play/"
        async with (
            connected(f"/ws/quiz/{session.pk}/host/", host_cookie) as host,
            connected(play) as ala,
            connected(play) as bob,
        ):
            await host.expect("state")
            await _join(ala, "Ala")
            await _join(bob, "Bob")
            await host.send({"type": "start"})
            await ala.expect("question_opened")
            await ala.send(
                {"type": "answer", "question": 0, "answer": {"choice": choice}}
            )
            await ala.expect("ack")
            count = await host.expect(
                "answer_count", timeout=services.ANSWER_COUNT_INTERVAL + 3
            )
            assert (count["answered"], count["players"]) == (1, 2)
            assert (await ala.expect("answer_count"))["answered"] == 1


async def _join(socket, nickname):
    await socket.send({"type": "join", "nickname": nickname, "id": "j"})
    joined = await socket.expect("joined")
    state = await socket.expect("state")
    return joined, state
