"""Points fall from full to half over the time limit; streaks add a capped bonus;
standings share ranks on equal scores."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.engine.scoring import (
    Scored,
    ScoringSettings,
    Settled,
    answer_points,
    rank,
    settle,
    streak_bonus,
)
from tests.quizzes import questions


def points(response_ms, *, points=1000, limit_ms=20_000, correct=True, speed=True):
    return answer_points(
        points=points,
        correct=correct,
        response_ms=response_ms,
        time_limit_ms=limit_ms,
        speed=speed,
    )


@pytest.mark.parametrize(
    ("response_ms", "expected"),
    [
        (0, 1000),
        (499, 1000),
        (500, 988),  # 987.5 rounds half up
        (1_000, 975),
        (5_000, 875),
        (10_000, 750),
        (19_999, 500),
        (20_000, 500),
        (25_000, 500),  # a late arrival never earns less than half
    ],
)
def test_a_right_answer_earns_less_the_longer_it_took(response_ms, expected):
    assert points(response_ms) == expected


def test_answers_within_half_a_second_earn_the_full_points():
    assert points(0) == points(499) == 1000
    assert points(500) < 1000


def test_double_points_double_the_speed_points():
    assert points(10_000, points=2000) == 1500
    assert points(0, points=2000) == 2000


def test_wrong_and_unchecked_answers_and_no_point_questions_earn_nothing():
    assert points(100, correct=False) == 0
    assert points(100, correct=None) == 0
    assert points(100, points=0) == 0


def test_with_speed_points_off_every_right_answer_earns_full_points():
    assert points(19_999, speed=False) == 1000
    assert points(19_999, speed=False, points=2000) == 2000


def test_extended_time_scores_the_share_of_ones_own_time():
    # Half of a 1.5x time limit of 20 s (30 s) earns what half of 20 s earns.
    assert points(15_000, limit_ms=30_000) == points(10_000) == 750


@given(
    st.integers(min_value=0, max_value=60_000),
    st.integers(min_value=0, max_value=60_000),
    st.sampled_from([1000, 2000]),
    st.integers(min_value=5, max_value=240),
)
def test_points_never_rise_with_time_and_stay_between_half_and_full(
    a, b, question_points, limit
):
    earlier, later = sorted((a, b))
    limit_ms = limit * 1000
    first = points(earlier, points=question_points, limit_ms=limit_ms)
    second = points(later, points=question_points, limit_ms=limit_ms)
    assert question_points >= first >= second >= question_points // 2


@pytest.mark.parametrize(
    ("streak", "bonus"),
    [(0, 0), (1, 0), (2, 100), (3, 200), (5, 400), (6, 500), (7, 500), (40, 500)],
)
def test_the_streak_bonus_grows_by_100_after_the_first_and_stops_at_500(streak, bonus):
    assert streak_bonus(streak) == bonus


def test_settling_a_question_scores_right_answers_and_ends_wrong_streaks():
    results = settle(
        questions.single(),
        {1: 0, 2: 2, 3: 4, 4: 3},
        {1: Scored(True, 900), 2: Scored(True, 800), 3: Scored(False, 0)},
        ScoringSettings(),
    )
    assert results[1] == Settled(True, True, 900, 0, 1)
    assert results[2] == Settled(True, True, 800, 200, 3)
    assert results[2].total == 1000
    assert results[3] == Settled(True, False, 0, 0, 0)
    # No answer ends the streak too.
    assert results[4] == Settled(False, None, 0, 0, 0)


def test_with_streaks_off_streaks_are_counted_but_earn_no_bonus():
    results = settle(
        questions.single(),
        {1: 5},
        {1: Scored(True, 1000)},
        ScoringSettings(streaks=False),
    )
    assert results[1] == Settled(True, True, 1000, 0, 6)


def test_polls_and_no_point_questions_neither_extend_nor_end_a_streak():
    for question in (
        questions.poll(),
        questions.word_cloud(),
        questions.open_answer(),
        questions.single(points=0),
    ):
        results = settle(
            question, {1: 3, 2: 3}, {1: Scored(None, 0)}, ScoringSettings()
        )
        assert results[1] == Settled(True, None, 0, 0, 3)
        assert results[2] == Settled(False, None, 0, 0, 3)


def test_the_streak_bonus_is_not_doubled_on_double_points():
    results = settle(
        questions.single(points=2000),
        {1: 1},
        {1: Scored(True, 2000)},
        ScoringSettings(),
    )
    assert results[1].total == 2100


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    standings = rank([(1, "Zubr", 900), (2, "ala", 1200), (3, "Bob", 900), (4, "X", 0)])
    assert [(s.nickname, s.rank) for s in standings] == [
        ("ala", 1),
        ("Bob", 2),
        ("Zubr", 2),
        ("X", 4),
    ]


def test_nobody_playing_gives_empty_standings():
    assert rank([]) == []
