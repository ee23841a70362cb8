"""Races, proven on PostgreSQL with real concurrent connections: one answer per
player and question, one player per nickname, every stored answer scored exactly
once, however the requests interleave."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from quizzes import events, services
from quizzes.models import Answer, LiveSession, Player
from tests.quizzes.factories import right_choice, start

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]


@pytest.fixture(autouse=True)
def _postgresql():
    # SQLite serialises every write, so a race there proves nothing.
    assert connection.vendor == "postgresql", (
        "Race tests need PostgreSQL: set DATABASE_URL (make test does)."
    )


def at_once(count, work):
    """Runs ``work(i)`` in ``count`` threads released together; returns each
    result or the exception it raised."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # The test inspects whatever was raised.
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def codes(results):
    return sorted(r.code for r in results if isinstance(r, ValidationError))


def open_game(world, players=2):
    session = start(world)
    joined = [
        services.player_join(pin=session.pin, nickname=f"Player {i}").player
        for i in range(players)
    ]
    for player in joined:
        services.player_connected(player=player)
    session = services.live_session_advance(
        session=session, by=world.teacher, action="start"
    )
    return session, joined


def test_two_answers_from_one_player_at_once_store_one_and_count_it_once(school_a):
    session, (ala, _bob) = open_game(school_a)
    choice = right_choice(session, 0)
    now = session.question_opened_at + timedelta(seconds=1)

    results = at_once(
        2,
        lambda i: services.answer_submit(
            player=ala, question_index=0, answer={"choice": choice}, now=now
        ),
    )

    assert codes(results) == ["already_answered"]
    assert Answer.objects.filter(player=ala).count() == 1
    services.live_session_advance(session=session, by=school_a.teacher, action="next")
    ala.refresh_from_db()
    assert ala.score == 975


def test_many_joins_with_one_nickname_at_once_let_exactly_one_in(school_a):
    session = start(school_a)

    results = at_once(
        12, lambda i: services.player_join(pin=session.pin, nickname="Ala")
    )

    assert Player.objects.filter(session=session).count() == 1
    assert codes(results) == ["nickname_taken"] * 11


def test_answers_racing_the_close_are_either_scored_or_refused(school_a):
    session, players = open_game(school_a, players=10)
    choice = right_choice(session, 0)

    def work(i):
        if i == 10:
            return services.live_session_advance(
                session=session, by=school_a.teacher, action="next"
            )
        return services.answer_submit(
            player=players[i], question_index=0, answer={"choice": choice}
        )

    results = at_once(11, work)

    assert set(codes(results)) <= {"not_open"}
    assert LiveSession.objects.get(pk=session.pk).phase == "closed"
    for player in Player.objects.filter(session=session):
        answer = Answer.objects.filter(player=player).first()
        if answer is None:
            assert player.score == 0
        else:
            # Stored means committed before the close, so scored by it.
            assert answer.scored
            assert player.score == answer.points + answer.bonus > 0


def test_many_processes_seeing_the_deadline_close_the_question_once(school_a):
    session, (ala, _bob) = open_game(school_a)
    services.answer_submit(
        player=ala,
        question_index=0,
        answer={"choice": right_choice(session, 0)},
        now=session.question_opened_at,
    )
    after_deadline = session.deadline + timedelta(milliseconds=1)
    seq_before = LiveSession.objects.get(pk=session.pk).seq

    results = at_once(
        8,
        lambda i: services.live_session_close_if_due(
            session_id=session.pk, now=after_deadline
        ),
    )

    assert results == [None] * 8
    ala.refresh_from_db()
    assert ala.score == 1000
    # One close: one question_closed event, nothing else numbered.
    assert LiveSession.objects.get(pk=session.pk).seq == seq_before + 1


def test_an_event_is_never_sent_for_a_change_that_was_rolled_back(
    school_a, monkeypatch
):
    session = start(school_a)
    sent = []
    monkeypatch.setattr(events, "send", lambda group, event: sent.append(event))

    def join_then_fail():
        with transaction.atomic():
            services.player_join(pin=session.pin, nickname="Ghost")
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        join_then_fail()

    assert sent == []
    assert not Player.objects.filter(nickname="Ghost").exists()
    services.player_join(pin=session.pin, nickname="Real")
    assert [e["type"] for e in sent] == ["player_joined"]


def test_a_class_joining_at_once_is_counted_in_full_on_the_hosts_screen(school_a, sent):
    session = start(school_a)
    joined = at_once(
        8, lambda i: services.player_join(pin=session.pin, nickname=f"Gracz {i}")
    )
    assert all(isinstance(result, services.Joined) for result in joined), joined
    arrivals = sorted(
        (event for _, event in sent if event["type"] == "player_joined"),
        key=lambda event: event["seq"],
    )
    # Each arrival counts every one before it: the last says the whole class.
    assert [event["players"] for event in arrivals] == list(range(1, 9))
    assert [event["seq"] for event in arrivals] == list(range(1, 9))
