"""Small question specs for the engine tests."""

from __future__ import annotations

from decimal import Decimal

from quizzes.engine import Kind, QuestionSpec, Slider


def single(*, time_limit=20, points=1000, right=1, choices=(1, 2, 3, 4)):
    return QuestionSpec(
        Kind.SINGLE,
        time_limit=time_limit,
        points=points,
        choices=tuple(choices),
        correct=frozenset({right}),
    )


def multiple(*, right=(1, 3), choices=(1, 2, 3, 4), points=1000):
    return QuestionSpec(
        Kind.MULTIPLE, points=points, choices=tuple(choices), correct=frozenset(right)
    )


def true_false(*, right=True):
    return QuestionSpec(
        Kind.TRUE_FALSE, choices=(1, 2), correct=frozenset({1 if right else 2})
    )


def typed(*accepted, points=1000):
    return QuestionSpec(Kind.TYPE_ANSWER, points=points, accepted=tuple(accepted))


def slider(minimum=0, maximum=100, step=1, correct=50, tolerance=0, points=1000):
    return QuestionSpec(
        Kind.SLIDER,
        points=points,
        slider=Slider(
            Decimal(str(minimum)),
            Decimal(str(maximum)),
            Decimal(str(step)),
            Decimal(str(correct)),
            Decimal(str(tolerance)),
        ),
    )


def order(*ids):
    return QuestionSpec(Kind.ORDER, choices=tuple(ids or (1, 2, 3, 4)))


def poll(choices=(1, 2, 3)):
    return QuestionSpec(Kind.POLL, points=0, choices=tuple(choices))


def word_cloud():
    return QuestionSpec(Kind.WORD_CLOUD, points=0)


def open_answer():
    return QuestionSpec(Kind.OPEN, points=0)
