"""Roster events (arrivals, presence, removals, extra time) go to the hosts only,
numbered in the hosts' own stream; phones see the session's events numbered one
by one, and a client that misses an event of either stream notices and syncs."""

import pytest
import pytest_asyncio
from channels import consumer as consumer_module
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from quizzes import events, services
from quizzes.models import LiveSession
from tests.quizzes.conftest import types
from tests.quizzes.factories import start
from tests.quizzes.sockets import (
    close_database_connections,
    connected,
    isolated_channel_layers,
    session_cookie,
)


def _numbers(session):
    return tuple(LiveSession.objects.values_list("seq", "host_seq").get(pk=session.pk))


@pytest.mark.django_db
class TestServices:
    def test_an_arrival_is_told_to_the_hosts_only(self, school_a, sent):
        session = start(school_a)
        services.player_join(pin=session.pin, nickname="Ala")
        assert [group for group, _ in sent] == [events.hosts_group_name(session.pk)]
        assert sent[0][1]["seq"] == 1
        assert "host_seq" not in sent[0][1]
        # The phones' numbers do not move while a class joins.
        assert _numbers(session) == (0, 1)

    def test_an_event_for_everyone_carries_both_numbers(self, school_a, sent):
        session = start(school_a)
        services.player_join(pin=session.pin, nickname="Ala")
        services.lobby_lock(by=school_a.teacher, session=session, locked=True)
        group, lock = sent[-1]
        assert group == events.group_name(session.pk)
        assert (lock["seq"], lock["host_seq"]) == (1, 2)
        assert _numbers(session) == (1, 2)

    def test_a_removal_reaches_the_hosts_and_that_players_sockets_only(
        self, school_a, sent
    ):
        session = start(school_a)
        ala = services.player_join(pin=session.pin, nickname="Ala").player
        services.player_join(pin=session.pin, nickname="Bob")
        sent.clear()
        services.player_remove(by=school_a.teacher, session=session, player_id=ala.pk)
        assert [group for group, _ in sent] == [
            events.hosts_group_name(session.pk),
            events.player_group_name(session.pk, ala.pk),
        ]
        assert types(sent) == ["player_removed", "player_removed"]

    def test_presence_is_told_to_the_hosts_only(self, school_a, sent):
        session = start(school_a)
        ala = services.player_join(pin=session.pin, nickname="Ala").player
        sent.clear()
        services.player_connected(player=ala)
        services.player_disconnected(player=ala)
        assert {group for group, _ in sent} == {events.hosts_group_name(session.pk)}
        assert [event["connected"] for _, event in sent] == [True, False]
        assert [event["seq"] for _, event in sent] == [2, 3]


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

    @staticmethod
    async def join(socket, nickname):
        await socket.send({"type": "join", "nickname": nickname, "id": "j"})
        joined = await socket.expect("joined")
        return joined, await socket.expect("state")

    async def test_the_host_sees_every_arrival_numbered_one_by_one(
        self, session, host_cookie
    ):
        play = f"/ws/quiz/{session.pin}/play/"
        async with (
            connected(f"/ws/quiz/{session.pk}/host/", host_cookie) as host,
            connected(play) as ala,
            connected(play) as bob,
            connected(play) as cez,
        ):
            lobby = await host.expect("state")
            for phone, name in ((ala, "Ala"), (bob, "Bob"), (cez, "Cez")):
                await self.join(phone, name)
            roster = [await host.receive() for _ in range(6)]
            assert (
                sorted(m["type"] for m in roster)
                == ["player_joined"] * 3 + ["presence"] * 3
            )
            assert [m["seq"] for m in roster] == list(
                range(lobby["seq"] + 1, lobby["seq"] + 7)
            )
            assert {m["player"]["nickname"] for m in roster if "players" in m} == {
                "Ala",
                "Bob",
                "Cez",
            }
            await host.send({"type": "start"})
            opened = await host.expect("question_opened")
            assert opened["seq"] == lobby["seq"] + 7
            assert "host_seq" not in opened
            await host.send({"type": "sync", "id": "s"})
            assert (await host.expect("state"))["seq"] == opened["seq"]

    async def test_a_phone_gets_no_lobby_events_while_a_class_joins(
        self, session, host_cookie
    ):
        play = f"/ws/quiz/{session.pin}/play/"
        async with (
            connected(f"/ws/quiz/{session.pk}/host/", host_cookie) as host,
            connected(play) as ala,
            connected(play) as bob,
            connected(play) as cez,
        ):
            await host.expect("state")
            _, state = await self.join(ala, "Ala")
            await self.join(bob, "Bob")
            await self.join(cez, "Cez")
            await bob.communicator.disconnect()
            await host.expect("presence", connected=False)
            assert await ala.silent(timeout=0.5)
            await host.send({"type": "start"})
            opened = await ala.expect("question_opened")
            assert opened["seq"] == state["seq"] + 1
            assert "host_seq" not in opened
            assert [m["type"] for m in ala.seen] == [
                "joined",
                "state",
                "question_opened",
            ]

    async def test_extra_time_reaches_only_that_player_as_a_fresh_state(
        self, session, host_cookie
    ):
        play = f"/ws/quiz/{session.pin}/play/"
        async with (
            connected(f"/ws/quiz/{session.pk}/host/", host_cookie) as host,
            connected(play) as ala,
            connected(play) as bob,
        ):
            await host.expect("state")
            joined, _ = await self.join(ala, "Ala")
            await self.join(bob, "Bob")
            await host.send({"type": "start"})
            opened = await ala.expect("question_opened")
            await bob.expect("question_opened")
            await host.send(
                {
                    "type": "extend_time",
                    "player": joined["player"]["id"],
                    "multiplier": 2,
                }
            )
            await host.expect("player_updated")
            state = await ala.expect("state")
            assert state["seq"] == opened["seq"]
            assert state["timing"]["deadline"] > opened["timing"]["deadline"]
            assert await bob.silent(timeout=0.5)

    async def test_clients_that_miss_an_event_see_the_gap_and_sync(
        self, school_a, session, host_cookie, monkeypatch
    ):
        play = f"/ws/quiz/{session.pin}/play/"
        async with (
            connected(f"/ws/quiz/{session.pk}/host/", host_cookie) as host,
            connected(play) as ala,
            connected(play) as bob,
        ):
            await host.expect("state")
            _, state = await self.join(ala, "Ala")
            presence = await host.expect("presence")
            # The lock is stored and numbered, but the channel layer loses it.
            with monkeypatch.context() as lost:
                lost.setattr(events, "send", lambda group, event: None)
                await database_sync_to_async(services.lobby_lock)(
                    by=school_a.teacher, session=session, locked=True
                )
            await database_sync_to_async(services.lobby_lock)(
                by=school_a.teacher, session=session, locked=False
            )
            unlocked = await ala.expect("lock", timeout=2)
            assert unlocked["seq"] == state["seq"] + 2  # the phone syncs
            await ala.send({"type": "sync", "id": "s"})
            assert (await ala.expect("state"))["seq"] == unlocked["seq"]
            # The host's number went past the lost lock too.
            shown = await host.expect("lock", timeout=2)
            assert shown["seq"] == presence["seq"] + 2
            await host.send({"type": "sync", "id": "s"})
            assert (await host.expect("state"))["seq"] == shown["seq"]
            # And a lost roster event leaves a gap in the hosts' stream only.
            with monkeypatch.context() as lost:
                lost.setattr(events, "send", lambda group, event: None)
                await self.join(bob, "Bob")
            await database_sync_to_async(services.lobby_lock)(
                by=school_a.teacher, session=session, locked=True
            )
            relocked = await host.expect("lock", timeout=2)
            assert relocked["seq"] > shown["seq"] + 1
            assert (await ala.expect("lock", timeout=2))["seq"] == unlocked["seq"] + 1

    async def test_events_reach_phones_without_queueing_in_one_shared_thread(
        self, session, monkeypatch
    ):
        # Channels hops to its single database thread before every message a
        # consumer handles; a thousand phones then wait for one another there
        # on every event. Quiz sockets close stale connections in their own
        # database calls instead.
        hops = []

        async def hop():
            hops.append(1)

        monkeypatch.setattr(consumer_module, "aclose_old_connections", hop)
        async with connected(f"/ws/quiz/{session.pin}/play/") as phone:
            _, state = await self.join(phone, "Ala")
            for step in (1, 2, 3):
                await get_channel_layer().group_send(
                    events.group_name(session.pk),
                    {
                        "type": events.HANDLER,
                        "event": {"type": "lock", "seq": state["seq"] + step},
                    },
                )
                assert (await phone.expect("lock"))["seq"] == state["seq"] + step
            await phone.send({"type": "ping", "id": "p"})
            await phone.expect("pong")
        assert hops == []
