"""Every kind of answer is read strictly and checked by its own rule."""

import pytest

from quizzes.engine.checking import (
    correct_answer,
    distribution,
    is_correct,
    read_answer,
)
from quizzes.engine.errors import AnswerRefused
from quizzes.engine.text import normalise
from tests.quizzes import questions


def check(question, raw):
    return is_correct(question, read_answer(question, raw))


def refusal(question, raw) -> str:
    with pytest.raises(AnswerRefused) as caught:
        read_answer(question, raw)
    assert caught.value.code == "invalid_answer"
    return caught.value.params["reason"]


# Single choice and true/false ----------------------------------------------------


def test_single_choice_is_right_only_with_the_right_choice():
    question = questions.single(right=3)
    assert check(question, {"choice": 3}) is True
    assert check(question, {"choice": 1}) is False


def test_true_false_is_checked_like_a_single_choice():
    assert check(questions.true_false(right=False), {"choice": 2}) is True
    assert check(questions.true_false(right=False), {"choice": 1}) is False


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ({"choice": 9}, "unknown_choice"),
        ({"choice": "1"}, "unknown_choice"),
        ({"choice": True}, "unknown_choice"),
        ({"choice": 1.0}, "unknown_choice"),
        ({"choice": None}, "unknown_choice"),
        ({}, "missing_field"),
        ([1], "not_an_object"),
        ("1", "not_an_object"),
        (None, "not_an_object"),
    ],
)
def test_a_choice_that_is_not_one_of_the_questions_is_refused(raw, reason):
    assert refusal(questions.single(), raw) == reason


# Multiple choice -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("picked", "right"),
    [
        ([1, 3], True),
        ([3, 1], True),
        ([1], False),  # not all right ones
        ([1, 2, 3], False),  # a wrong one
        ([2, 4], False),
        ([1, 2, 3, 4], False),
    ],
)
def test_multiple_choice_needs_every_right_choice_and_no_wrong_one(picked, right):
    assert check(questions.multiple(right=(1, 3)), {"choices": picked}) is right


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ({"choices": []}, "no_choice"),
        ({"choices": [1, 1]}, "duplicate_choice"),
        ({"choices": [1, 7]}, "unknown_choice"),
        ({"choices": 1}, "not_a_list"),
        ({"choices": ["1"]}, "not_a_list"),
        ({"choice": 1}, "missing_field"),
    ],
)
def test_malformed_multiple_choice_answers_are_refused(raw, reason):
    assert refusal(questions.multiple(), raw) == reason


def test_multiple_choice_answers_are_stored_sorted():
    assert read_answer(questions.multiple(), {"choices": [4, 1]}) == {"choices": [1, 4]}


# Typed answers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Łódź",
        "lodz",
        "ŁÓDŹ",
        "  łódź  ",
        "Lódz!",
        "l.o.d.z",
    ],
)
def test_typed_answers_ignore_case_diacritics_spacing_and_punctuation(typed):
    assert check(questions.typed("Łódź"), {"text": typed}) is True


def test_any_accepted_answer_counts_and_others_do_not():
    question = questions.typed("Sejm", "Sejm RP", "Sejm Rzeczypospolitej Polskiej")
    assert check(question, {"text": "sejm rp"}) is True
    assert check(question, {"text": "Senat"}) is False
    assert check(question, {"text": "sejmrp"}) is False


def test_typed_answers_in_ukrainian_ignore_case_and_marks():
    question = questions.typed("Верховна Рада")
    assert check(question, {"text": "верховна рада"}) is True
    assert check(question, {"text": "ВЕРХОВНА  РАДА"}) is True


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ({"text": ""}, "empty_text"),
        ({"text": "   "}, "empty_text"),
        ({"text": "?!"}, "empty_text"),
        ({"text": 5}, "not_text"),
        ({"text": "x" * 101}, "text_too_long"),
    ],
)
def test_empty_or_overlong_typed_answers_are_refused(raw, reason):
    assert refusal(questions.typed("a"), raw) == reason


def test_normalising_folds_letters_that_do_not_decompose():
    assert normalise("Łukasz Żółć") == "lukasz zolc"
    assert normalise("Straße") == "strasse"
    assert normalise("pół-wyspa / U.S.A.") == "pol wyspa usa"


# Slider --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "right"),
    [(1989, True), (1987, True), (1991, True), (1986, False), (1992, False)],
)
def test_a_slider_answer_counts_within_the_tolerance(value, right):
    question = questions.slider(1900, 2025, 1, correct=1989, tolerance=2)
    assert check(question, {"value": value}) is right


def test_a_slider_answer_without_tolerance_must_be_exact():
    question = questions.slider(0, 10, 0.5, correct=2.5)
    assert check(question, {"value": 2.5}) is True
    assert check(question, {"value": 3}) is False


def test_a_slider_value_moves_to_the_nearest_step():
    question = questions.slider(0, 10, 0.5, correct=2.5)
    assert read_answer(question, {"value": 2.7}) == {"value": 2.5}
    assert read_answer(question, {"value": 2.75}) == {"value": 3}
    assert read_answer(question, {"value": 10}) == {"value": 10}


def test_decimal_steps_are_exact():
    question = questions.slider(0, 1, 0.1, correct=0.3)
    assert check(question, {"value": 0.30000000000000004}) is True


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ({"value": -1}, "out_of_range"),
        ({"value": 101}, "out_of_range"),
        ({"value": "50"}, "not_a_number"),
        ({"value": True}, "not_a_number"),
        ({"value": float("nan")}, "not_a_number"),
        ({"value": float("inf")}, "not_a_number"),
        ({"value": None}, "not_a_number"),
    ],
)
def test_slider_values_outside_the_scale_or_not_numbers_are_refused(raw, reason):
    assert refusal(questions.slider(), raw) == reason


# Put in order --------------------------------------------------------------------


def test_put_in_order_is_right_only_in_the_whole_right_order():
    question = questions.order(11, 12, 13)
    assert check(question, {"order": [11, 12, 13]}) is True
    assert check(question, {"order": [11, 13, 12]}) is False
    assert check(question, {"order": [13, 12, 11]}) is False


@pytest.mark.parametrize(
    "order", [[11, 12], [11, 12, 13, 13], [11, 12, 14], [11, 11, 12], []]
)
def test_an_order_that_is_not_a_rearrangement_of_the_items_is_refused(order):
    reason = refusal(questions.order(11, 12, 13), {"order": order})
    assert reason == "not_a_permutation"


# Poll, word cloud, open answer -------------------------------------------------


def test_polls_word_clouds_and_open_answers_have_no_right_answer():
    assert check(questions.poll(), {"choice": 2}) is None
    assert check(questions.word_cloud(), {"text": "wolność"}) is None
    assert check(questions.open_answer(), {"text": "Więcej zieleni"}) is None
    assert correct_answer(questions.poll()) is None


def test_free_text_is_trimmed_and_limited():
    assert read_answer(questions.word_cloud(), {"text": " a \n b "}) == {"text": "a b"}
    assert refusal(questions.word_cloud(), {"text": "x" * 41}) == "text_too_long"
    assert read_answer(questions.open_answer(), {"text": "x" * 250})
    assert refusal(questions.open_answer(), {"text": "x" * 251}) == "text_too_long"


# What the room sees when a question closes -------------------------------------


def test_the_right_answer_is_revealed_for_every_scored_kind():
    assert correct_answer(questions.multiple(right=(3, 1))) == {"choices": [1, 3]}
    assert correct_answer(questions.typed("Wisła")) == {"accepted": ["Wisła"]}
    assert correct_answer(questions.slider(correct=7, tolerance=1)) == {
        "value": 7,
        "tolerance": 1,
    }
    assert correct_answer(questions.order(3, 1, 2)) == {"order": [3, 1, 2]}


def test_the_distribution_counts_every_choice_including_unpicked_ones():
    question = questions.multiple(right=(1, 3))
    answers = [{"choices": [1, 3]}, {"choices": [1]}, {"choices": [2, 3]}]
    assert distribution(question, answers) == {
        "choices": {"1": 2, "2": 1, "3": 2, "4": 0}
    }
    assert distribution(questions.single(), [{"choice": 2}]) == {
        "choices": {"1": 0, "2": 1, "3": 0, "4": 0}
    }


def test_typed_answers_are_counted_right_and_wrong_never_shown():
    question = questions.typed("Wisła")
    answers = [{"text": "wisla"}, {"text": "Odra"}, {"text": "WISŁA"}]
    assert distribution(question, answers) == {"correct": 2, "incorrect": 1}


def test_slider_values_and_cloud_words_are_counted():
    assert distribution(questions.slider(), [{"value": 3}, {"value": 3}]) == {
        "values": [[3, 2]]
    }
    words = [{"text": "Wolność"}, {"text": "wolnosc"}, {"text": "Równość"}]
    assert distribution(questions.word_cloud(), words) == {
        "words": [["Wolność", 2], ["Równość", 1]]
    }
