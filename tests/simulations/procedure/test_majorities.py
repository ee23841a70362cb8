"""Quorum and majorities: every rule at its edges, and against the words of the law.

The property tests restate each rule the way the law words it (``for > against``,
``for > half of the votes cast``, ``for >= 3/5 of the seats``) and check the module
against that wording for every possible vote in small councils.
"""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulations.procedure.majorities import (
    ABSOLUTE_OF_SEATS,
    ABSOLUTE_OF_VOTES,
    RULES,
    SIMPLE,
    THREE_FIFTHS_OF_SEATS,
    THREE_FIFTHS_OF_VOTES,
    TWO_THIRDS_OF_VOTES,
    MajorityInputError,
    quorum_present,
)


def decide(rule, f, a, ab, present=None, seats=21, **kw):
    present = f + a + ab if present is None else present
    return rule.decide(
        votes_for=f, against=a, abstain=ab, present=present, statutory_seats=seats, **kw
    )


# --- Simple majority: more for than against (u.s.g. art. 14 ust. 1) -------------


def test_simple_majority_ignores_abstentions():
    assert decide(SIMPLE, 3, 2, 10).passed


def test_simple_majority_tie_fails():
    outcome = decide(SIMPLE, 5, 5, 1)
    assert not outcome.passed
    assert outcome.votes_needed == 6


def test_nothing_passes_without_a_vote_for():
    # Quorum present, everyone abstains: no vote for, so no resolution.
    outcome = decide(SIMPLE, 0, 0, 11)
    assert outcome.quorum_met
    assert outcome.votes_needed == 1
    assert not outcome.passed


def test_one_vote_for_and_the_rest_abstaining_passes_a_simple_majority():
    assert decide(SIMPLE, 1, 0, 10).passed


# --- Quorum: at least half of the statutory seats (u.s.g. art. 14 ust. 1) --------


@pytest.mark.parametrize(
    ("seats", "present", "met"),
    [
        (21, 10, False),
        (21, 11, True),
        (20, 10, True),
        (20, 9, False),
        (43, 22, True),
        (43, 21, False),
        (1, 1, True),
        (1, 0, False),
    ],
)
def test_quorum_is_half_of_the_statutory_seats_rounded_up(seats, present, met):
    assert quorum_present(present=present, statutory_seats=seats) is met
    assert decide(SIMPLE, present, 0, 0, present=present, seats=seats).passed is met


def test_no_quorum_means_no_resolution_even_when_unanimous():
    outcome = decide(SIMPLE, 10, 0, 0, present=10, seats=21)
    assert not outcome.quorum_met
    assert not outcome.passed
    assert outcome.quorum_needed == 11


def test_a_council_may_set_its_own_quorum():
    two_thirds = Fraction(2, 3)
    assert not decide(SIMPLE, 13, 0, 0, seats=21, quorum=two_thirds).quorum_met
    assert decide(SIMPLE, 14, 0, 0, seats=21, quorum=two_thirds).passed


# --- Absolute majority of those voting (u.s.g. art. 19 ust. 1) -------------------


def test_absolute_majority_counts_abstentions_against():
    # 15 seats, quorum 8.
    assert not decide(ABSOLUTE_OF_VOTES, 5, 4, 1, seats=15).passed  # 5 of 10
    assert decide(ABSOLUTE_OF_VOTES, 6, 4, 0, seats=15).passed
    assert decide(ABSOLUTE_OF_VOTES, 6, 4, 1, seats=15).passed  # 6 of 11
    assert decide(ABSOLUTE_OF_VOTES, 5, 4, 10).votes_needed == 15


# --- Absolute majority of the statutory seats (u.s.g. art. 28aa ust. 9) ----------


def test_absolute_majority_of_seats_counts_vacant_and_absent_seats():
    # 21 seats: 11 needed, whoever is absent.
    assert not decide(ABSOLUTE_OF_SEATS, 10, 0, 0, present=15).passed
    assert decide(ABSOLUTE_OF_SEATS, 11, 4, 0, present=15).passed
    assert decide(ABSOLUTE_OF_SEATS, 0, 0, 0, seats=43).votes_needed == 22
    assert decide(ABSOLUTE_OF_SEATS, 0, 0, 0, seats=20).votes_needed == 11


# --- Qualified majorities ---------------------------------------------------------


def test_three_fifths_of_seats_is_at_least_three_fifths_and_a_roll_call():
    assert THREE_FIFTHS_OF_SEATS.roll_call
    assert decide(THREE_FIFTHS_OF_SEATS, 0, 0, 0, seats=15).votes_needed == 9
    assert decide(THREE_FIFTHS_OF_SEATS, 0, 0, 0, seats=43).votes_needed == 26
    assert decide(THREE_FIFTHS_OF_SEATS, 9, 6, 0, seats=15).passed  # exactly 3/5


def test_three_fifths_of_votes_exactly_reached_passes():
    assert decide(THREE_FIFTHS_OF_VOTES, 6, 4, 0, present=10, seats=15).passed
    assert not decide(THREE_FIFTHS_OF_VOTES, 5, 3, 1, present=10, seats=15).passed


def test_two_thirds_of_votes():
    assert decide(TWO_THIRDS_OF_VOTES, 20, 10, 0, seats=40).passed  # exactly 2/3
    assert not decide(TWO_THIRDS_OF_VOTES, 19, 10, 0, seats=40).passed
    assert decide(TWO_THIRDS_OF_VOTES, 0, 10, 5, seats=460).votes_needed == 30


def test_every_rule_cites_an_article():
    for rule in RULES.values():
        assert "art." in rule.citation


# --- Bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "numbers",
    [
        (-1, 0, 0, 5, 9),  # negative
        (5, 1, 0, 5, 9),  # more votes than present
        (1, 0, 0, 10, 9),  # more present than seats
        (0, 0, 0, 0, 0),  # no seats
        (1.5, 0, 0, 5, 9),  # not whole
        (True, 0, 0, 5, 9),  # not a number
    ],
)
def test_impossible_numbers_are_refused(numbers):
    f, a, ab, present, seats = numbers
    with pytest.raises(MajorityInputError):
        SIMPLE.decide(
            votes_for=f, against=a, abstain=ab, present=present, statutory_seats=seats
        )


@pytest.mark.parametrize("quorum", [Fraction(0), Fraction(3, 2), Fraction(-1, 2)])
def test_impossible_quorum_is_refused(quorum):
    with pytest.raises(MajorityInputError):
        decide(SIMPLE, 1, 0, 0, quorum=quorum)


# --- The law's wording, for every small vote ---------------------------------------


def by_the_words(key, f, a, ab, seats):
    cast = f + a + ab
    if key == "simple":
        return f > a
    if key == "absolute_of_votes":
        return 2 * f > cast
    if key == "absolute_of_seats":
        return 2 * f > seats
    if key == "three_fifths_of_seats":
        return 5 * f >= 3 * seats
    if key == "three_fifths_of_votes":
        return 5 * f >= 3 * cast
    if key == "two_thirds_of_votes":
        return 3 * f >= 2 * cast
    raise AssertionError(key)


@st.composite
def votes(draw):
    seats = draw(st.integers(1, 60))
    present = draw(st.integers(0, seats))
    f = draw(st.integers(0, present))
    a = draw(st.integers(0, present - f))
    ab = draw(st.integers(0, present - f - a))
    return seats, present, f, a, ab


@given(votes(), st.sampled_from(sorted(RULES)))
def test_each_rule_agrees_with_the_wording_of_the_law(vote, key):
    seats, present, f, a, ab = vote
    outcome = RULES[key].decide(
        votes_for=f, against=a, abstain=ab, present=present, statutory_seats=seats
    )
    expected = 2 * present >= seats and f >= 1 and by_the_words(key, f, a, ab, seats)
    assert outcome.passed is expected


@given(votes(), st.sampled_from(sorted(RULES)))
def test_votes_needed_is_the_smallest_number_that_passes(vote, key):
    seats, _present, _f, a, ab = vote
    rule = RULES[key]
    needed = rule.votes_needed(against=a, abstain=ab, statutory_seats=seats)
    assert needed >= 1
    assert by_the_words(key, needed, a, ab, seats)
    if needed > 1:
        assert not by_the_words(key, needed - 1, a, ab, seats)


@given(votes())
def test_stricter_rules_never_pass_what_a_simple_majority_refuses(vote):
    seats, present, f, a, ab = vote
    simple = decide(SIMPLE, f, a, ab, present=present, seats=seats).passed
    for rule in (ABSOLUTE_OF_VOTES, TWO_THIRDS_OF_VOTES, THREE_FIFTHS_OF_VOTES):
        if decide(rule, f, a, ab, present=present, seats=seats).passed:
            assert simple
