"""A game played through the services: the server's clock decides, the first
answer counts, the host drives the phases, and every event is numbered."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from quizzes import payloads, services
from quizzes.models import Answer, LiveSession, Player, QuestionKind
from tests.quizzes.conftest import types
from tests.quizzes.factories import (
    add_question,
    empty_quiz,
    right_choice,
    start,
    wrong_choice,
)

pytestmark = pytest.mark.django_db


def assert_refused(code, call, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert caught.value.code == code, caught.value.messages
    return caught.value.messages[0]


class Table:
    """A session with two connected players, Ala and Bob, and the host's clock."""

    def __init__(self, world, quiz=None):
        self.world = world
        self.session = start(world, quiz)
        self.t0 = timezone.now()
        self.ala = self.join("Ala")
        self.bob = self.join("Bob")

    def join(self, nickname):
        player = services.player_join(pin=self.session.pin, nickname=nickname).player
        services.player_connected(player=player)
        return player

    def at(self, seconds):
        return self.t0 + timedelta(seconds=seconds)

    def host(self, action, at=0, **kwargs):
        self.session = services.live_session_advance(
            session=self.session,
            by=self.world.teacher,
            action=action,
            now=self.at(at),
            **kwargs,
        )
        return self.session

    def answer(self, player, answer, *, at, index=None):
        index = self.session.question_index if index is None else index
        stored = services.answer_submit(
            player=player, question_index=index, answer=answer, now=self.at(at)
        )
        services.answer_followup(answer=stored)
        self.refresh()
        return stored

    def right(self, player, at, index=None):
        index = self.session.question_index if index is None else index
        return self.answer(
            player, {"choice": right_choice(self.session, index)}, at=at, index=index
        )

    def wrong(self, player, at):
        index = self.session.question_index
        return self.answer(player, {"choice": wrong_choice(self.session, index)}, at=at)

    def refresh(self):
        self.session.refresh_from_db()
        for player in (self.ala, self.bob):
            player.refresh_from_db()


@pytest.fixture
def table(school_a, sent):
    return Table(school_a)


def test_start_opens_the_first_question_without_giving_the_answer_away(table, sent):
    table.host("start")
    assert table.session.phase == "question"
    assert table.session.deadline == table.at(20)
    opened = sent[-1][1]
    assert opened["type"] == "question_opened"
    assert opened["question"]["text"] == "Who passes laws?"
    assert [c["text"] for c in opened["question"]["choices"]] == [
        "Sejm",
        "President",
        "Court",
    ]
    assert "is_correct" not in str(opened)
    assert "correct" not in opened
    assert opened["timing"]["remaining_ms"] == 20_000


def test_right_answers_score_by_speed_once_the_question_closes(table, sent):
    table.host("start")
    ala = table.right(table.ala, at=1)
    assert (ala.correct, ala.points, ala.response_ms) == (True, 975, 1000)
    assert table.ala.score == 0  # Counted when the question closes.
    table.wrong(table.bob, at=2)
    # Both connected players answered: the question closed at once.
    assert table.session.phase == "closed"
    assert (table.ala.score, table.bob.score) == (975, 0)
    closed = next(e for _, e in sent if e["type"] == "question_closed")
    assert closed["answered"] == 2
    assert closed["correct"] == {"choices": [right_choice(table.session, 0)]}
    assert sum(closed["distribution"]["choices"].values()) == 2
    assert closed["results"][str(table.ala.pk)]["rank"] == 1
    assert closed["results"][str(table.bob.pk)]["correct"] is False


def test_streaks_add_their_bonus_on_the_second_right_answer_in_a_row(table):
    table.host("start")
    table.right(table.ala, at=0)
    table.right(table.bob, at=0)
    table.host("next")  # leaderboard
    table.host("next", at=30)  # question 2
    table.right(table.ala, at=30)
    table.wrong(table.bob, at=30)
    assert (table.ala.score, table.ala.streak) == (2100, 2)
    assert (table.bob.score, table.bob.streak) == (1000, 0)
    second = Answer.objects.get(player=table.ala, question_index=1)
    assert (second.points, second.bonus, second.scored) == (1000, 100, True)


def test_an_answer_after_the_deadline_is_refused_by_the_server(table):
    table.host("start")
    message = assert_refused(
        "too_late",
        services.answer_submit,
        player=table.ala,
        question_index=0,
        answer={"choice": right_choice(table.session, 0)},
        now=table.at(20.001),
    )
    assert message == "Time is up: the answer came after the deadline."
    assert not Answer.objects.exists()


def test_a_second_answer_is_refused_and_not_counted(table):
    table.host("start")
    table.wrong(table.ala, at=1)
    message = assert_refused(
        "already_answered",
        services.answer_submit,
        player=table.ala,
        question_index=0,
        answer={"choice": right_choice(table.session, 0)},
        now=table.at(2),
    )
    assert message.startswith("You have already answered")
    assert Answer.objects.filter(player=table.ala).count() == 1
    table.host("next", at=3)
    table.ala.refresh_from_db()
    assert table.ala.score == 0


@pytest.mark.parametrize(
    ("answer", "index", "code"),
    [
        ({"choice": 10**9}, 0, "invalid_answer"),
        ({"choices": [1]}, 0, "invalid_answer"),
        ("Sejm", 0, "invalid_answer"),
        ({"choice": 1}, 1, "not_open"),
        ({"choice": 1}, 7, "not_open"),
        ({"choice": 1}, -1, "not_open"),
        ({"choice": 1}, "0", "not_open"),
    ],
)
def test_malformed_or_misdirected_answers_are_refused(table, answer, index, code):
    table.host("start")
    assert_refused(
        code,
        services.answer_submit,
        player=table.ala,
        question_index=index,
        answer=answer,
        now=table.at(1),
    )


def test_answers_wait_while_the_game_is_paused(table, sent):
    table.host("start")
    table.host("pause", at=5)
    assert sent[-1][1]["type"] == "paused"
    assert sent[-1][1]["timing"]["remaining_ms"] == 15_000
    assert_refused(
        "paused",
        services.answer_submit,
        player=table.ala,
        question_index=0,
        answer={"choice": right_choice(table.session, 0)},
        now=table.at(6),
    )
    table.host("resume", at=65)
    assert table.session.deadline == table.at(80)
    scored = table.right(table.ala, at=70)
    assert scored.response_ms == 10_000  # the pause is not response time


def test_added_time_moves_the_deadline_for_everyone(table, sent):
    table.host("start")
    table.host("add_time", at=1, seconds=30)
    assert sent[-1][1]["type"] == "time_added"
    assert table.session.deadline == table.at(50)
    assert table.right(table.ala, at=45).correct is True


def test_the_question_closes_at_the_deadline_when_someone_has_not_answered(table):
    table.host("start")
    table.right(table.ala, at=1)
    assert table.session.phase == "question"
    sid = table.session.pk
    assert services.live_session_close_if_due(
        session_id=sid, now=table.at(10)
    ) == table.at(20)
    assert services.live_session_close_if_due(session_id=sid, now=table.at(20)) is None
    table.refresh()
    assert table.session.phase == "closed"
    assert (table.ala.score, table.bob.streak) == (975, 0)
    # Closing again changes nothing.
    assert services.live_session_close_if_due(session_id=sid, now=table.at(30)) is None
    table.refresh()
    assert table.ala.score == 975


def test_a_player_who_left_does_not_hold_the_question_open(table):
    table.host("start")
    table.right(table.ala, at=1)
    services.player_disconnected(player=table.bob)
    table.refresh()
    assert table.session.phase == "closed"


def test_extended_time_holds_the_question_open_until_that_players_deadline(table):
    table.host("start")
    services.player_extend_time(
        by=table.world.teacher,
        session=table.session,
        player_id=table.bob.pk,
        multiplier=1.5,
    )
    table.right(table.ala, at=1)
    sid = table.session.pk
    assert services.live_session_close_if_due(
        session_id=sid, now=table.at(21)
    ) == table.at(30)
    late = table.right(table.bob, at=29)
    assert late.points == 517  # 29 s of Bob's 30 s
    assert table.session.phase == "closed"


def test_skip_voids_the_question_and_opens_the_next(table, sent):
    table.host("start")
    table.right(table.ala, at=1)
    table.host("skip", at=2)
    table.refresh()
    assert table.session.question_index == 1
    assert table.ala.score == 0
    assert types(sent)[-2:] == ["question_skipped", "question_opened"]
    assert not Answer.objects.get(player=table.ala).scored


def test_end_now_scores_the_open_question_and_shows_the_podium(table, sent):
    table.host("start")
    table.right(table.ala, at=0)
    table.host("end", at=1)
    table.refresh()
    assert table.session.phase == "final"
    assert table.session.ended_at == table.at(1)
    assert types(sent)[-2:] == ["question_closed", "final"]
    final = sent[-1][1]
    assert final["podium"][0]["nickname"] == "Ala"
    assert final["podium"][0]["score"] == 1000


def test_a_whole_game_ends_on_the_podium_with_everyones_rank(table, sent):
    table.host("start")
    for index, at in ((0, 0), (1, 30), (2, 60)):
        table.right(table.ala, at=at + 5, index=index)
        table.wrong(table.bob, at=at + 6)
        assert table.session.phase == "closed"
        table.host("next", at=at + 7)
        assert table.session.phase == "leaderboard"
        table.host("next", at=at + 30)
    assert table.session.phase == "final"
    final = sent[-1][1]
    assert [(s["nickname"], s["rank"]) for s in final["standings"]] == [
        ("Ala", 1),
        ("Bob", 2),
    ]
    assert final["results"][str(table.bob.pk)] == {"score": 0, "rank": 2}


def test_controls_that_do_not_apply_are_refused_with_a_reason(table):
    assert (
        assert_refused("not_allowed", table.host, action="pause")
        == "That control does not apply at this point of the game."
    )
    assert assert_refused("unknown_action", table.host, action="close")
    assert assert_refused("unknown_action", table.host, action="explode")
    table.host("start")
    assert assert_refused("bad_seconds", table.host, action="add_time", seconds=600)
    table.host("end")
    assert assert_refused("finished", table.host, action="next")


def test_nobody_but_the_host_and_the_schools_staff_drives_the_game(
    table, school_b, outsider, city_coordinator
):
    session = table.session
    for user in (school_b.teacher, outsider, table.world.pupils[0].user):
        with pytest.raises(Http404):
            services.live_session_advance(session=session, by=user, action="start")
    services.live_session_advance(
        session=session, by=table.world.coordinator, action="start"
    )
    services.live_session_advance(session=session, by=city_coordinator, action="next")


def test_events_are_numbered_one_by_one(table, sent):
    table.host("start")
    table.right(table.ala, at=1)
    table.right(table.bob, at=2)
    table.host("next", at=3)
    numbers = [event["seq"] for group, event in sent if not group.endswith("hosts")]
    assert numbers == list(range(1, len(numbers) + 1))
    assert LiveSession.objects.get(pk=table.session.pk).seq == numbers[-1]


def test_a_removed_player_cannot_answer_and_leaves_the_standings(table):
    table.host("start")
    services.player_remove(
        by=table.world.teacher, session=table.session, player_id=table.bob.pk
    )
    assert_refused(
        "removed",
        services.answer_submit,
        player=table.bob,
        question_index=0,
        answer={"choice": right_choice(table.session, 0)},
        now=table.at(1),
    )
    table.right(table.ala, at=1)
    assert table.session.phase == "closed"
    assert [s.nickname for s in payloads.standings(table.session)] == ["Ala"]


def test_extended_time_is_between_one_and_three_times(table):
    for multiplier in (0.5, 3.5, "x", True):
        assert_refused(
            "bad_multiplier",
            services.player_extend_time,
            by=table.world.teacher,
            session=table.session,
            player_id=table.ala.pk,
            multiplier=multiplier,
        )
    assert_refused(
        "no_such_player_here",
        services.player_extend_time,
        by=table.world.teacher,
        session=table.session,
        player_id=10**9,
        multiplier=2,
    )


def test_free_text_answers_reach_the_room_only_once_approved(school_a, sent):
    quiz = empty_quiz(school_a)
    add_question(quiz, QuestionKind.WORD_CLOUD)
    table = Table(school_a, quiz)
    table.host("start")
    first = table.answer(table.ala, {"text": "Wolność"}, at=1)
    pending = [e for g, e in sent if g.endswith("-hosts")]
    assert pending[-1]["type"] == "answer_pending"
    assert pending[-1]["text"] == "Wolność"
    assert not any(
        e["type"] == "answer_pending" for g, e in sent if not g.endswith("-hosts")
    )
    services.answer_approve(by=school_a.teacher, answer=first)
    assert sent[-1][1]["type"] == "answer_approved"
    assert sent[-1][1]["answer"]["text"] == "Wolność"
    table.answer(table.bob, {"text": "Brzydkie słowo"}, at=2)
    closed = next(e for _, e in sent if e["type"] == "question_closed")
    assert closed["distribution"] == {"words": [["Wolność", 1]]}
    assert closed["correct"] is None


def test_only_free_text_answers_are_approved(table):
    table.host("start")
    answer = table.right(table.ala, at=1)
    assert_refused(
        "not_free_text", services.answer_approve, by=table.world.teacher, answer=answer
    )


def test_a_player_who_rejoins_finds_the_game_where_it_is(table):
    table.host("start")
    table.right(table.ala, at=1)
    player = services.player_rejoin(
        token=services.player_join(pin=table.session.pin, nickname="Cyd").token
    )
    state = payloads.state(table.session.pk, player_id=table.ala.pk)
    assert state["phase"] == "question"
    assert state["you"]["answered"] is True
    assert state["you"]["nickname"] == "Ala"
    assert state["question"]["index"] == 0
    assert state["seq"] == LiveSession.objects.get(pk=table.session.pk).seq
    fresh = payloads.state(table.session.pk, player_id=player.pk)
    assert fresh["you"]["answered"] is False
    assert fresh["players"] == 3


def test_the_hosts_state_lists_players_controls_and_answers_awaiting_approval(table):
    table.host("start")
    table.right(table.ala, at=1)
    state = payloads.state(table.session.pk, host=True)
    assert {p["nickname"]: p["answered"] for p in state["players"]} == {
        "Ala": True,
        "Bob": False,
    }
    assert all(p["connected"] for p in state["players"])
    assert state["actions"] == ["add_time", "end", "next", "pause", "skip"]
    assert state["pending"] == []


def test_connections_are_counted_per_socket(table):
    services.player_connected(player=table.ala)
    services.player_disconnected(player=table.ala)
    assert Player.objects.get(pk=table.ala.pk).connections == 1
    services.player_disconnected(player=table.ala)
    services.player_disconnected(player=table.ala)
    assert Player.objects.get(pk=table.ala.pk).connections == 0
