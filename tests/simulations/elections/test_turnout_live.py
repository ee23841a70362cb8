"""Live turnout over WebSockets: the people who run an election see who has
voted, per class, as ballots go in, after commit and coalesced; nobody else
connects, and no vote for any option ever leaves the server."""

import json

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async

from simulations import services
from simulations.consumers import READ_DELAY
from simulations.models import Option
from tests.quizzes.sockets import (
    close_database_connections,
    connected,
    isolated_channel_layers,
    session_cookie,
)

from .conftest import ballot, issue_codes, more_pupils, open_class_election, option_ids

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _channel_layers(settings):
    settings.CHANNEL_LAYERS = isolated_channel_layers(settings.REDIS_URL)


@pytest_asyncio.fixture(autouse=True)
async def _close_connections():
    yield
    await close_database_connections()


@pytest.fixture
def election(school_a):
    more_pupils(school_a, 6)
    return open_class_election(school_a, pupils=school_a.pupils[:2])


@pytest.fixture
def slips(school_a, election):
    return issue_codes(school_a, election)


@pytest.fixture
def options(election):
    return option_ids(election)


@pytest.fixture
def teacher(school_a):
    return session_cookie(school_a.teacher)


def path(election):
    return f"/ws/elections/{election.pk}/turnout/"


def cast(election, code, option):
    return database_sync_to_async(
        lambda: services.ballot_cast(
            election=election, code=code, choices=ballot(election, {"mark": option})
        )
    )()


async def test_the_teacher_gets_the_turnout_on_connecting(teacher, school_a, election):
    async with connected(path(election), teacher) as socket:
        message = await socket.expect("turnout")

    assert message["state"] == "open"
    assert (message["voted"], message["eligible"]) == (0, 8)
    (row,) = message["classes"]
    assert row == {
        "id": school_a.classroom.pk,
        "name": "7b",
        "school": school_a.school.name,
        "voted": 0,
        "eligible": 8,
        "percent": 0.0,
    }
    assert message["schools"][0]["name"] == school_a.school.name


async def test_a_ballot_reaches_the_turnout_after_it_commits(
    options, teacher, school_a, election, slips
):
    first = options[0]
    async with connected(path(election), teacher) as socket:
        await socket.expect("turnout")
        await cast(election, slips[0], first)

        update = await socket.expect("turnout", timeout=READ_DELAY + 3)

    assert update["voted"] == 1
    assert update["classes"][0]["voted"] == 1
    assert update["classes"][0]["percent"] == 12.5


async def test_ballots_cast_together_come_as_one_update(
    options, teacher, school_a, election, slips
):
    first = options[0]
    async with connected(path(election), teacher) as socket:
        await socket.expect("turnout")
        for code in slips[:5]:
            await cast(election, code, first)

        update = await socket.expect("turnout", timeout=READ_DELAY + 3)
        quiet = await socket.silent(timeout=READ_DELAY + 0.5)

    assert update["voted"] == 5
    assert quiet


async def test_no_vote_for_any_option_leaves_the_server(
    options, teacher, school_a, election, slips
):
    first, second = options
    names = await database_sync_to_async(
        lambda: list(Option.objects.values_list("name", flat=True))
    )()
    async with connected(path(election), teacher) as socket:
        await socket.expect("turnout")
        for code, option in zip(slips[:4], [first, first, first, second], strict=True):
            await cast(election, code, option)
        await socket.expect("turnout", timeout=READ_DELAY + 3)
        await socket.send({"type": "sync"})
        await socket.expect("turnout")
        seen = list(socket.seen)

    assert len(seen) >= 3
    for message in seen:
        text = json.dumps(message, ensure_ascii=False)
        assert set(message) <= {
            "type",
            "seq",
            "state",
            "voted",
            "eligible",
            "percent",
            "classes",
            "schools",
        }
        for name in names:
            assert name not in text
        for row in message["classes"] + message["schools"]:
            assert set(row) == {"id", "name", "school", "voted", "eligible", "percent"}


async def test_closing_the_vote_tells_the_turnout_page(teacher, school_a, election):
    async with connected(path(election), teacher) as socket:
        await socket.expect("turnout")
        await database_sync_to_async(services.election_close)(
            by=school_a.teacher, election=election
        )

        update = await socket.expect("turnout", timeout=READ_DELAY + 3)

    assert update["state"] == "closed"


@pytest.fixture
def coordinators(school_a, city_coordinator):
    return [session_cookie(school_a.coordinator), session_cookie(city_coordinator)]


async def test_the_schools_coordinator_and_the_city_coordinator_may_watch(
    election, coordinators
):
    for cookie in coordinators:
        async with connected(path(election), cookie) as socket:
            assert (await socket.expect("turnout"))["voted"] == 0


@pytest.fixture
def other_teacher(school_b):
    return session_cookie(school_b.teacher)


async def test_a_teacher_of_another_school_is_refused(election, other_teacher):
    async with connected(path(election), other_teacher) as socket:
        error = await socket.expect("error")
        code = await socket.closed()

    assert error["code"] == "not_found"
    assert code == 4404
    assert all(m["type"] != "turnout" for m in socket.seen)


@pytest.fixture
def pupil(school_a):
    return session_cookie(school_a.pupils[0].user)


async def test_a_pupil_is_refused(election, pupil):
    async with connected(path(election), pupil) as socket:
        error = await socket.expect("error")
        assert await socket.closed() == 4404

    assert error["code"] == "not_found"


async def test_an_anonymous_visitor_is_refused(election):
    async with connected(path(election)) as socket:
        error = await socket.expect("error")
        assert await socket.closed() == 4401

    assert error == {
        "type": "error",
        "code": "not_signed_in",
        "message": "Sign in to follow the turnout.",
    }


async def test_a_malformed_election_id_is_refused_as_not_found(teacher):
    async with connected("/ws/elections/abc/turnout/", teacher) as socket:
        await socket.expect("error")
        assert await socket.closed() == 4404


async def test_other_messages_are_answered_with_an_error(teacher, school_a, election):
    async with connected(path(election), teacher) as socket:
        await socket.expect("turnout")
        await socket.send({"type": "results"})
        error = await socket.expect("error")
        await socket.send("not json")
        broken = await socket.expect("error")

    assert error["code"] == broken["code"] == "bad_message"
