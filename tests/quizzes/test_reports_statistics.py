"""The statistics of a played quiz, from plain data with known answers."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.engine import Kind, QuestionSpec, Slider
from quizzes.reports import (
    MAX_BUCKETS,
    QuestionInfo,
    Response,
    Taker,
    build_report,
)

SINGLE = QuestionInfo(
    index=0,
    text="Who passes laws?",
    spec=QuestionSpec(Kind.SINGLE, choices=(11, 12, 13), correct=frozenset({11})),
    labels={11: "Sejm", 12: "President", 13: "Court"},
)
TRUE_FALSE = QuestionInfo(
    index=1,
    text="Poland has a constitution.",
    spec=QuestionSpec(Kind.TRUE_FALSE, choices=(21, 22), correct=frozenset({21})),
    labels={21: "True", 22: "False"},
)
POLL = QuestionInfo(
    index=2,
    text="Did you like it?",
    spec=QuestionSpec(Kind.POLL, points=0, choices=(31, 32)),
    labels={31: "Yes", 32: "No"},
)
TAKERS = [Taker(1, "Ala", 1900), Taker(2, "Bob", 800), Taker(3, "Cezary", 0)]


def answer(taker, index, payload, correct, points=0, ms=1000):
    return Response(taker, index, payload, correct, points, ms)


def played():
    """Ala: right, right, poll; Bob: wrong, right; Cezary: wrong, no answer."""
    return build_report(
        [SINGLE, TRUE_FALSE, POLL],
        TAKERS,
        [
            answer(1, 0, {"choice": 11}, True, 950, 2000),
            answer(2, 0, {"choice": 12}, False, 0, 4000),
            answer(3, 0, {"choice": 12}, False, 0, 9000),
            answer(1, 1, {"choice": 21}, True, 950, 1000),
            answer(2, 1, {"choice": 21}, True, 800, 3000),
            answer(1, 2, {"choice": 31}, None, 0, 5000),
        ],
    )


def test_each_question_counts_answers_right_answers_and_average_time():
    first, second, poll = played().questions

    assert (first.answered, first.correct, first.average_ms) == (3, 1, 5000)
    assert first.share_correct == pytest.approx(1 / 3)
    # A missing answer is not a right one: 2 right of the 3 takers.
    assert (second.answered, second.correct) == (2, 2)
    assert second.share_correct == pytest.approx(2 / 3)
    assert poll.share_correct is None
    assert poll.average_seconds == 5.0


def test_the_distribution_lists_every_choice_with_the_right_one_marked():
    first = played().questions[0]

    assert [(b.label, b.count, b.correct) for b in first.buckets] == [
        ("Sejm", 1, True),
        ("President", 2, False),
        ("Court", 0, False),
    ]
    assert [round(b.share, 3) for b in first.buckets] == [0.333, 0.667, 0.0]


def test_a_poll_has_no_right_answer():
    poll = played().questions[2]

    assert [(b.label, b.count, b.correct) for b in poll.buckets] == [
        ("Yes", 1, None),
        ("No", 0, None),
    ]


def test_the_hardest_questions_come_lowest_share_first_without_polls():
    report = played()

    assert [q.index for q in report.hardest] == [0, 1]


def test_equally_hard_questions_put_the_slower_first_then_quiz_order():
    third = QuestionInfo(
        index=2,
        text="Again",
        spec=QuestionSpec(Kind.SINGLE, choices=(41, 42), correct=frozenset({41})),
    )
    report = build_report(
        [SINGLE, TRUE_FALSE, third],
        [Taker(1, "Ala", 0)],
        [
            answer(1, 0, {"choice": 12}, False, ms=1000),
            answer(1, 1, {"choice": 22}, False, ms=3000),
            answer(1, 2, {"choice": 42}, False, ms=1000),
        ],
    )

    assert [q.index for q in report.hardest] == [1, 0, 2]


def test_players_come_best_first_with_their_answers_per_question():
    ala, bob, cezary = played().takers

    assert (ala.name, ala.score, ala.answered, ala.correct) == ("Ala", 1900, 3, 2)
    assert ala.average_ms == round((2000 + 1000 + 5000) / 3)
    assert [(c.answered, c.correct, c.points) for c in bob.cells] == [
        (True, False, 0),
        (True, True, 800),
        (False, None, 0),
    ]
    assert cezary.average_seconds == 9.0
    assert cezary.cells[1].answered is False


def test_the_longest_streak_counts_right_answers_in_a_row_past_polls():
    questions = [
        QuestionInfo(
            index=i,
            text=str(i),
            spec=QuestionSpec(Kind.SINGLE, choices=(1, 2), correct=frozenset({1}))
            if i != 2
            else QuestionSpec(Kind.POLL, points=0, choices=(1, 2)),
        )
        for i in range(6)
    ]
    # right, right, (poll unanswered), right, wrong, right
    answers = [
        answer(1, 0, {"choice": 1}, True),
        answer(1, 1, {"choice": 1}, True),
        answer(1, 3, {"choice": 1}, True),
        answer(1, 4, {"choice": 2}, False),
        answer(1, 5, {"choice": 1}, True),
    ]

    (taker,) = build_report(questions, [Taker(1, "Ala", 0)], answers).takers

    assert taker.best_streak == 3


def test_a_missing_answer_ends_a_streak():
    questions = [SINGLE, TRUE_FALSE]
    answers = [answer(1, 1, {"choice": 21}, True)]

    (taker,) = build_report(questions, [Taker(1, "Ala", 0)], answers).takers

    assert taker.best_streak == 1


def test_shown_counts_only_the_takers_who_reached_the_question():
    reached = QuestionInfo(
        index=0, text="q", spec=SINGLE.spec, labels=SINGLE.labels, shown=2
    )
    report = build_report([reached], TAKERS, [answer(1, 0, {"choice": 11}, True, 1000)])

    assert report.questions[0].shown == 2
    assert report.questions[0].share_correct == 0.5


def test_answers_of_unknown_players_or_deleted_questions_are_left_out():
    report = build_report(
        [SINGLE],
        [Taker(1, "Ala", 0)],
        [
            answer(1, 0, {"choice": 11}, True),
            answer(9, 0, {"choice": 12}, False),
            answer(1, 5, {"choice": 1}, True),
        ],
    )

    assert report.questions[0].answered == 1
    assert report.takers[0].answered == 1


def test_a_quiz_nobody_played_reports_zeros_not_errors():
    report = build_report([SINGLE, POLL], [], [])

    first = report.questions[0]
    assert (first.shown, first.answered, first.average_ms) == (0, 0, None)
    assert first.share_correct is None
    assert report.hardest == []
    assert [b.share for b in first.buckets] == [0.0, 0.0, 0.0]


def test_multiple_choice_counts_each_choice_picked():
    spec = QuestionSpec(Kind.MULTIPLE, choices=(1, 2, 3), correct=frozenset({1, 2}))
    info = QuestionInfo(0, "Pick", spec, {1: "A", 2: "B", 3: "C"})
    report = build_report(
        [info],
        TAKERS[:2],
        [
            answer(1, 0, {"choices": [1, 2]}, True),
            answer(2, 0, {"choices": [2, 3]}, False),
        ],
    )

    buckets = report.questions[0].buckets
    assert [(b.label, b.count, b.correct) for b in buckets] == [
        ("A", 1, True),
        ("B", 2, True),
        ("C", 1, False),
    ]
    # Shares are of the pupils who answered; they need not add up to 100 %.
    assert [b.share for b in buckets] == [0.5, 1.0, 0.5]


def test_typed_answers_are_grouped_as_the_engine_compares_them():
    spec = QuestionSpec(Kind.TYPE_ANSWER, choices=(1,), accepted=("Kraków",))
    info = QuestionInfo(0, "Capital of Małopolska?", spec)
    texts = ["Kraków", "krakow", "KRAKÓW!", "Warszawa"]
    report = build_report(
        [info],
        [Taker(i, f"P{i}", 0) for i in range(4)],
        [answer(i, 0, {"text": t}, t != "Warszawa") for i, t in enumerate(texts)],
    )

    buckets = report.questions[0].buckets
    assert [(b.label, b.count, b.correct) for b in buckets] == [
        ("Kraków", 3, True),
        ("Warszawa", 1, False),
    ]


def test_many_different_texts_end_in_one_other_answers_bar():
    spec = QuestionSpec(Kind.WORD_CLOUD, points=0)
    info = QuestionInfo(0, "One word", spec)
    words = [f"word{i}" for i in range(MAX_BUCKETS + 5)]
    report = build_report(
        [info],
        [Taker(i, f"P{i}", 0) for i in range(len(words))],
        [answer(i, 0, {"text": w}, None) for i, w in enumerate(words)],
    )

    buckets = report.questions[0].buckets
    assert len(buckets) == MAX_BUCKETS
    assert buckets[-1].key == "other"
    assert buckets[-1].count == 6
    assert sum(b.count for b in buckets) == len(words)


def test_slider_values_are_counted_per_value_with_the_tolerance():
    slider = Slider(
        minimum=Decimal(1900),
        maximum=Decimal(2000),
        step=Decimal(1),
        correct=Decimal(1989),
        tolerance=Decimal(1),
    )
    info = QuestionInfo(0, "Year?", QuestionSpec(Kind.SLIDER, slider=slider))
    report = build_report(
        [info],
        TAKERS,
        [
            answer(1, 0, {"value": 1989}, True),
            answer(2, 0, {"value": 1990}, True),
            answer(3, 0, {"value": 1945}, False),
        ],
    )

    buckets = report.questions[0].buckets
    assert [(b.label, b.count, b.correct) for b in buckets] == [
        ("1945", 1, False),
        ("1989", 1, True),
        ("1990", 1, True),
    ]


def test_put_in_order_shows_right_and_wrong_orders():
    spec = QuestionSpec(Kind.ORDER, choices=(1, 2, 3))
    info = QuestionInfo(0, "Order", spec)
    report = build_report(
        [info],
        TAKERS,
        [
            answer(1, 0, {"order": [1, 2, 3]}, True),
            answer(2, 0, {"order": [2, 1, 3]}, False),
            answer(3, 0, {"order": [3, 2, 1]}, False),
        ],
    )

    buckets = report.questions[0].buckets
    assert [(b.key, b.count, b.correct) for b in buckets] == [
        ("right", 1, True),
        ("wrong", 2, False),
    ]


# Whatever the answers ----------------------------------------------------------

CHOICES = (11, 12, 13)


@st.composite
def games(draw):
    """Up to 8 takers answering (or not) 4 single-choice questions."""
    takers = draw(st.integers(min_value=0, max_value=8))
    questions = [
        QuestionInfo(
            index=i,
            text=f"Q{i}",
            spec=QuestionSpec(Kind.SINGLE, choices=CHOICES, correct=frozenset({11})),
        )
        for i in range(4)
    ]
    responses = []
    for taker in range(takers):
        for question in questions:
            choice = draw(st.sampled_from((None, *CHOICES)))
            if choice is not None:
                ms = draw(st.integers(min_value=0, max_value=20_000))
                responses.append(
                    Response(
                        taker, question.index, {"choice": choice}, choice == 11, 0, ms
                    )
                )
    return questions, [Taker(t, f"P{t}", 0) for t in range(takers)], responses


@given(games())
@settings(max_examples=150, deadline=None)
def test_the_figures_always_add_up(game):
    questions, takers, responses = game
    report = build_report(questions, takers, responses)

    for question in report.questions:
        assert sum(b.count for b in question.buckets) == question.answered
        assert question.correct <= question.answered <= question.shown
        if question.share_correct is not None:
            assert 0 <= question.share_correct <= 1
    for taker in report.takers:
        assert taker.correct <= taker.answered == sum(c.answered for c in taker.cells)
        assert taker.best_streak <= taker.correct
    assert sum(q.answered for q in report.questions) == len(responses)
    assert sorted(report.hardest, key=lambda q: q.share_correct) == report.hardest
