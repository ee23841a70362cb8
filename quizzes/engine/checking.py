"""Reading and checking answers of every question kind.

An answer arrives as a small JSON object whose shape depends on the kind:

=================  =======================================
kind               answer
=================  =======================================
single, true_false ``{"choice": 12}``
poll               ``{"choice": 12}``
multiple           ``{"choices": [12, 14]}``
type_answer        ``{"text": "Wisła"}``
slider             ``{"value": 1989}``
order              ``{"order": [14, 12, 13]}``
word_cloud, open   ``{"text": "..."}``
=================  =======================================

:func:`read_answer` turns it into a canonical form or refuses it with the reason;
:func:`is_correct` checks a canonical answer.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from quizzes.engine.errors import AnswerRefused
from quizzes.engine.questions import (
    ONE_CHOICE_KINDS,
    TEXT_LIMITS,
    Kind,
    QuestionSpec,
    Slider,
)
from quizzes.engine.text import normalise


def _refuse(reason: str, **params) -> AnswerRefused:
    return AnswerRefused("invalid_answer", reason=reason, **params)


def _field(raw: object, name: str):
    if not isinstance(raw, dict):
        raise _refuse("not_an_object")
    if name not in raw:
        raise _refuse("missing_field", field=name)
    return raw[name]


def _is_id(value: object) -> bool:
    # JSON true/false are Python ints too; they are not ids.
    return isinstance(value, int) and not isinstance(value, bool)


def _read_choice(question: QuestionSpec, raw: object) -> dict:
    choice = _field(raw, "choice")
    if not _is_id(choice) or choice not in question.choices:
        raise _refuse("unknown_choice")
    return {"choice": choice}


def _id_list(raw: object, name: str) -> list[int]:
    ids = _field(raw, name)
    if not isinstance(ids, list) or not all(_is_id(i) for i in ids):
        raise _refuse("not_a_list", field=name)
    return ids


def _read_choices(question: QuestionSpec, raw: object) -> dict:
    ids = _id_list(raw, "choices")
    if not ids:
        raise _refuse("no_choice")
    if len(set(ids)) != len(ids):
        raise _refuse("duplicate_choice")
    if not set(ids) <= set(question.choices):
        raise _refuse("unknown_choice")
    return {"choices": sorted(ids)}


def _read_order(question: QuestionSpec, raw: object) -> dict:
    ids = _id_list(raw, "order")
    if sorted(ids) != sorted(question.choices):
        raise _refuse("not_a_permutation")
    return {"order": ids}


def _read_text(question: QuestionSpec, raw: object) -> dict:
    text = _field(raw, "text")
    if not isinstance(text, str):
        raise _refuse("not_text")
    text = " ".join(text.split())
    if not text or (question.kind == Kind.TYPE_ANSWER and not normalise(text)):
        raise _refuse("empty_text")
    limit = TEXT_LIMITS[question.kind]
    if len(text) > limit:
        raise _refuse("text_too_long", limit=limit)
    return {"text": text}


def snap(slider: Slider, value: Decimal) -> Decimal:
    """Returns ``value`` moved to the nearest step of the slider."""
    steps = ((value - slider.minimum) / slider.step).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return min(slider.maximum, slider.minimum + steps * slider.step)


def json_number(value: Decimal) -> int | float:
    """Returns ``value`` as the JSON number that prints like it."""
    return int(value) if value == value.to_integral_value() else float(value)


def _read_value(question: QuestionSpec, raw: object) -> dict:
    value = _field(raw, "value")
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise _refuse("not_a_number")
    if isinstance(value, float) and not math.isfinite(value):
        raise _refuse("not_a_number")
    number = Decimal(str(value))
    slider = question.slider
    if not slider.minimum <= number <= slider.maximum:
        raise _refuse("out_of_range")
    return {"value": json_number(snap(slider, number))}


_READERS = {
    Kind.MULTIPLE: _read_choices,
    Kind.ORDER: _read_order,
    Kind.TYPE_ANSWER: _read_text,
    Kind.WORD_CLOUD: _read_text,
    Kind.OPEN: _read_text,
    Kind.SLIDER: _read_value,
    **dict.fromkeys(ONE_CHOICE_KINDS, _read_choice),
}


def read_answer(question: QuestionSpec, raw: object) -> dict:
    """Returns the answer in canonical form (choices sorted, text trimmed, slider
    value on a step); raises :class:`AnswerRefused` ``invalid_answer`` with a
    ``reason`` when it does not fit the question."""
    return _READERS[question.kind](question, raw)


def is_correct(question: QuestionSpec, answer: dict) -> bool | None:
    """Returns whether a canonical answer is right; None for kinds without a right
    answer (poll, word cloud, open answer).

    Typed answers ignore case, diacritics and punctuation; slider values count
    within the tolerance; a put-in-order answer must match the whole order; a
    multiple-choice answer must pick every right choice and no wrong one.
    """
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.TRUE_FALSE):
        return answer["choice"] in question.correct
    if kind == Kind.MULTIPLE:
        return set(answer["choices"]) == set(question.correct)
    if kind == Kind.TYPE_ANSWER:
        typed = normalise(answer["text"])
        return any(typed == normalise(accepted) for accepted in question.accepted)
    if kind == Kind.SLIDER:
        value = Decimal(str(answer["value"]))
        return abs(value - question.slider.correct) <= question.slider.tolerance
    if kind == Kind.ORDER:
        return tuple(answer["order"]) == question.choices
    return None


def correct_answer(question: QuestionSpec) -> dict | None:
    """Returns the right answer to reveal when the question closes (None for kinds
    without one)."""
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.TRUE_FALSE, Kind.MULTIPLE):
        return {"choices": sorted(question.correct)}
    if kind == Kind.TYPE_ANSWER:
        return {"accepted": list(question.accepted)}
    if kind == Kind.SLIDER:
        slider = question.slider
        return {
            "value": json_number(slider.correct),
            "tolerance": json_number(slider.tolerance),
        }
    if kind == Kind.ORDER:
        return {"order": list(question.choices)}
    return None


def _word_counts(texts: Iterable[str]) -> list[list]:
    """Counts texts that normalise alike, shown as first spelled: [["Łódź", 3]]."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for text in texts:
        key = normalise(text)
        if key:
            counts[key] += 1
            spelling.setdefault(key, text)
    return [[spelling[key], n] for key, n in counts.most_common()]


def distribution(question: QuestionSpec, answers: Iterable[dict]) -> dict:
    """Returns how the room answered, to show when the question closes.

    Choice kinds count each choice (every choice listed, zeros included); typed
    and put-in-order answers count right and wrong, so no pupil's typing is put on
    the projector; slider values are counted per value; word-cloud answers are
    counted per normalised word; open answers are listed. Free-text answers passed
    in must already be the approved ones.
    """
    answers = list(answers)
    kind = question.kind
    if kind in ONE_CHOICE_KINDS or kind == Kind.MULTIPLE:
        counts = Counter(
            choice
            for answer in answers
            for choice in answer.get("choices", [answer.get("choice")])
        )
        return {"choices": {str(c): counts.get(c, 0) for c in question.choices}}
    if kind in (Kind.TYPE_ANSWER, Kind.ORDER):
        right = sum(1 for answer in answers if is_correct(question, answer))
        return {"correct": right, "incorrect": len(answers) - right}
    if kind == Kind.SLIDER:
        counts = Counter(answer["value"] for answer in answers)
        return {"values": [[value, n] for value, n in sorted(counts.items())]}
    if kind == Kind.WORD_CLOUD:
        return {"words": _word_counts(answer["text"] for answer in answers)}
    return {"texts": [answer["text"] for answer in answers]}
