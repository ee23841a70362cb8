"""Players join with a PIN and a nickname: unique, kind, of sensible length, or
generated; a wrong PIN, a locked or finished game say so; a device rejoins with
its token and finds its nickname, score and streak as they were."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from quizzes import services
from quizzes.models import LiveSession, Player
from school_councils.pseudonyms import WORDS
from tests.quizzes.factories import empty_quiz, make_quiz, start

pytestmark = pytest.mark.django_db


def assert_refused(code, call, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert caught.value.code == code, caught.value.messages
    return caught.value.messages[0]


def join(session, nickname):
    return services.player_join(pin=session.pin, nickname=nickname)


def test_a_started_session_waits_in_the_lobby_with_a_six_digit_pin(school_a):
    session = start(school_a)
    assert session.phase == "lobby"
    assert len(session.pin) == 6
    assert session.pin.isdigit()
    assert session.pin[0] != "0"
    assert session.question_count == 3


def test_a_quiz_without_questions_cannot_be_started(school_a):
    quiz = empty_quiz(school_a)
    assert_refused(
        "no_questions", services.live_session_start, by=school_a.teacher, quiz=quiz
    )


def test_nobody_starts_another_schools_quiz_or_for_another_schools_class(
    school_a, school_b
):
    quiz = make_quiz(school_a)
    with pytest.raises(Http404):
        services.live_session_start(by=school_b.teacher, quiz=quiz)
    with pytest.raises(Http404):
        services.live_session_start(
            by=school_a.teacher, quiz=quiz, classroom=school_b.classroom
        )
    session = services.live_session_start(
        by=school_a.teacher, quiz=quiz, classroom=school_a.classroom
    )
    assert session.classroom == school_a.classroom


def test_two_running_games_never_share_a_pin_but_a_finished_one_gives_it_back(
    school_a,
):
    first = start(school_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveSession.objects.create(
            quiz=first.quiz, host=school_a.teacher, pin=first.pin, question_ids=[1]
        )
    first.ended_at = first.created_at
    first.save()
    again = LiveSession.objects.create(
        quiz=first.quiz, host=school_a.teacher, pin=first.pin, question_ids=[1]
    )
    assert again.pin == first.pin


def test_a_player_joins_with_a_nickname_and_gets_a_token_stored_only_hashed(
    school_a, sent
):
    session = start(school_a)
    joined = join(session, "  Zwinny   Lis ")
    assert joined.player.nickname == "Zwinny Lis"
    assert len(joined.token) >= 32
    assert joined.token not in joined.player.token_hash
    assert sent[-1][1]["type"] == "player_joined"
    assert sent[-1][1]["player"]["nickname"] == "Zwinny Lis"
    assert sent[-1][1]["players"] == 1


@pytest.mark.parametrize("taken", ["ala", "ALA", "Alá", " Ala "])
def test_a_nickname_is_taken_whatever_its_case_or_diacritics(school_a, taken):
    session = start(school_a)
    join(session, "Ala")
    message = assert_refused("nickname_taken", join, session=session, nickname=taken)
    assert (
        message == "Someone in this game already has this nickname. Choose another one."
    )


def test_the_same_nickname_is_fine_in_another_game(school_a):
    join(start(school_a), "Ala")
    assert join(start(school_a), "Ala").player.nickname == "Ala"


@pytest.mark.parametrize(
    "nickname", ["kurwa", "KuRw@", "k.u.r.w.a", "fuuuck", "5h1t", "xуй", "Hitler"]
)
def test_offensive_nicknames_are_refused_however_disguised(school_a, nickname):
    message = assert_refused(
        "nickname_offensive", join, session=start(school_a), nickname=nickname
    )
    assert message == "Choose a kinder nickname."


@pytest.mark.parametrize(
    ("nickname", "code"),
    [
        ("A", "nickname_length"),
        ("x" * 21, "nickname_length"),
        ("<script>", "nickname_characters"),
        ("🙂🙂", "nickname_characters"),
        ("--", "nickname_characters"),
    ],
)
def test_nicknames_of_odd_length_or_characters_are_refused(school_a, nickname, code):
    assert assert_refused(code, join, session=start(school_a), nickname=nickname)


def test_a_blank_nickname_gets_a_generated_pseudonym_in_the_quizs_language(school_a):
    session = start(school_a, make_quiz(school_a, language="en"))
    first = join(session, "").player
    second = join(session, "   ").player
    assert first.nickname != second.nickname
    assert len(first.nickname.split()) == 2
    adjectives = WORDS["en"][0]
    assert first.nickname.split()[0] in adjectives


def test_a_pin_that_does_not_exist_is_refused(school_a):
    start(school_a)
    for pin in ("000000", "12345", "abcdef", "", "1234567"):
        message = assert_refused(
            "no_such_game", services.player_join, pin=pin, nickname="Ala"
        )
    assert message == "There is no game with this PIN. Check the PIN on the screen."


def test_a_finished_game_says_it_has_ended(school_a):
    session = start(school_a)
    services.live_session_advance(session=session, by=school_a.teacher, action="end")
    message = assert_refused("finished", join, session=session, nickname="Ala")
    assert message == "This game has ended."


def test_a_locked_game_takes_no_new_players_until_unlocked(school_a, sent):
    session = start(school_a)
    services.lobby_lock(by=school_a.teacher, session=session, locked=True)
    assert sent[-1][1] == {"type": "lock", "seq": 1, "host_seq": 1, "locked": True}
    assert_refused("locked", join, session=session, nickname="Ala")
    services.lobby_lock(by=school_a.teacher, session=session, locked=False)
    assert join(session, "Ala").player


def test_only_the_host_or_the_schools_staff_lock_the_lobby(school_a, school_b):
    session = start(school_a)
    with pytest.raises(Http404):
        services.lobby_lock(by=school_b.teacher, session=session)
    with pytest.raises(Http404):
        services.lobby_lock(by=school_a.pupils[0].user, session=session)
    assert services.lobby_lock(by=school_a.coordinator, session=session).locked


def test_a_device_rejoins_with_its_token_as_the_same_player(school_a):
    session = start(school_a)
    joined = join(session, "Ala")
    Player.objects.filter(pk=joined.player.pk).update(score=1750, streak=2)
    player = services.player_rejoin(token=joined.token, pin=session.pin)
    assert (player.pk, player.nickname, player.score, player.streak) == (
        joined.player.pk,
        "Ala",
        1750,
        2,
    )


@pytest.mark.parametrize("token", ["", "nope", "x" * 500, None, 42])
def test_an_unknown_token_finds_nobody(school_a, token):
    join(start(school_a), "Ala")
    assert_refused("no_such_player", services.player_rejoin, token=token)


def test_a_token_from_another_game_finds_nobody(school_a):
    joined = join(start(school_a), "Ala")
    other = start(school_a)
    assert_refused(
        "no_such_player", services.player_rejoin, token=joined.token, pin=other.pin
    )


def test_a_removed_player_cannot_rejoin(school_a, sent):
    session = start(school_a)
    joined = join(session, "Ala")
    services.player_remove(
        by=school_a.teacher, session=session, player_id=joined.player.pk
    )
    assert sent[-1][1]["type"] == "player_removed"
    message = assert_refused("removed", services.player_rejoin, token=joined.token)
    assert message == "The host removed you from this game."


def test_nobody_rejoins_a_finished_game(school_a):
    session = start(school_a)
    joined = join(session, "Ala")
    services.live_session_advance(session=session, by=school_a.teacher, action="end")
    assert_refused("finished", services.player_rejoin, token=joined.token)


def test_joining_is_limited_per_address_and_guessing_blocks_it(school_a, settings):
    client = "203.0.113.9"
    assert services.join_allowed(client=client)
    for _ in range(services.players.JOIN_FAILURE_LIMIT):
        services.join_failed(client=client)
    assert services.join_allowed(client=client)
    services.join_failed(client=client)
    assert not services.join_allowed(client=client)
    # Another address (another school) is not affected.
    assert services.join_allowed(client="198.51.100.7")


def test_a_whole_class_joins_from_one_address(school_a):
    for _ in range(60):
        assert services.join_allowed(client="203.0.113.10")
