"""The procedure of a sitting as pure rules: every rule and every refusal."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulations.procedure import sitting as p


def assert_refused(code, function, *args, **kwargs):
    with pytest.raises(p.ProcedureError) as caught:
        function(*args, **kwargs)
    assert caught.value.code == code


# The state machine ------------------------------------------------------------


def test_a_sitting_goes_planned_open_closed():
    assert p.sitting_transition("planned", "open") is p.SittingState.OPEN
    assert p.sitting_transition("open", "closed") is p.SittingState.CLOSED


@pytest.mark.parametrize(
    ("current", "target", "code"),
    [
        ("planned", "closed", "sitting_not_open"),
        ("open", "open", "sitting_already_open"),
        ("closed", "open", "sitting_closed"),
        ("closed", "closed", "sitting_closed"),
        ("planned", "planned", "sitting_already_open"),
    ],
)
def test_a_sitting_never_goes_back_or_skips(current, target, code):
    assert_refused(code, p.sitting_transition, current, target)


def test_nothing_but_preparation_happens_outside_an_open_sitting():
    assert_refused("sitting_not_open", p.require_open, "planned")
    assert_refused("sitting_closed", p.require_open, "closed")
    p.require_open("open")
    p.require_editable("planned")
    assert_refused("sitting_closed", p.require_editable, "closed")


# The agenda -------------------------------------------------------------------


def test_the_agenda_is_taken_in_order_and_ends():
    assert p.agenda_next([4, 7, 9], None) == 4
    assert p.agenda_next([4, 7, 9], 4) == 7
    assert p.agenda_next([4, 7, 9], 9) is None


def test_an_empty_or_changed_agenda_is_refused():
    assert_refused("agenda_empty", p.agenda_next, [], None)
    assert_refused("agenda_mismatch", p.agenda_next, [1, 2], 5)
    assert_refused("agenda_mismatch", p.agenda_reorder, [1, 2, 3], [1, 2])
    assert_refused("agenda_mismatch", p.agenda_reorder, [1, 2, 3], [1, 2, 4])
    assert p.agenda_reorder([1, 2, 3], [3, 1, 2]) == [3, 1, 2]


# The speakers' list ---------------------------------------------------------


def test_members_join_the_end_of_the_list_once():
    assert p.speaker_request([3], 5, None) == [3, 5]
    assert_refused("already_waiting", p.speaker_request, [3, 5], 5, None)
    assert_refused("already_speaking", p.speaker_request, [3], 5, 5)


def test_the_floor_goes_to_a_waiting_member_when_nobody_speaks():
    assert p.speaker_give_floor([3, 5, 8], 5, None) == [3, 8]
    assert_refused("floor_taken", p.speaker_give_floor, [3, 5], 5, 3)
    assert_refused("not_waiting", p.speaker_give_floor, [3, 5], 9, None)


def test_the_countdown_runs_down_to_zero_and_stays_there():
    start = datetime(2026, 10, 1, 10, 0, tzinfo=UTC)
    floor = p.Floor(member=3, started_at=start, limit_seconds=120)
    assert floor.seconds_left(start) == 120
    assert floor.seconds_left(start + timedelta(seconds=59.5)) == 61
    assert floor.seconds_left(start + timedelta(seconds=120)) == 0
    assert floor.seconds_left(start + timedelta(minutes=9)) == 0
    assert floor.overrun(start + timedelta(seconds=121))
    assert not floor.overrun(start + timedelta(seconds=119))


@pytest.mark.parametrize("bad", [29, 901, 0, -5, True, 60.0, "120"])
def test_a_speaking_limit_is_between_half_a_minute_and_fifteen(bad):
    assert_refused("bad_time_limit", p.speaking_limit, bad)


def test_a_sensible_speaking_limit_is_kept():
    assert p.speaking_limit(30) == 30
    assert p.speaking_limit(900) == 900


# Motions, amendments and votes ----------------------------------------------


def may_open(**overrides):
    arguments = {
        "sitting_state": "open",
        "target": p.Proposal("draft"),
        "motion_state": "draft",
        "amendment_states": [],
        "vote_in_progress": False,
        "quorum_met": True,
    }
    arguments.update(overrides)
    return p.vote_may_open(**arguments)


def test_a_motion_without_pending_amendments_may_be_voted_on():
    # Allowed means no ProcedureError: the check returns nothing.
    for settled in ([], ["adopted", "rejected", "withdrawn"]):
        assert may_open(amendment_states=settled) is None


@pytest.mark.parametrize("pending", ["draft", "voting"])
def test_no_motion_vote_while_an_amendment_is_pending(pending):
    assert_refused("amendment_pending", may_open, amendment_states=["adopted", pending])


def test_an_amendment_is_voted_before_its_motion():
    may_open(target=p.Proposal("draft", is_amendment=True), amendment_states=["draft"])
    assert_refused(
        "motion_decided",
        may_open,
        target=p.Proposal("draft", is_amendment=True),
        motion_state="adopted",
    )


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"sitting_state": "planned"}, "sitting_not_open"),
        ({"sitting_state": "closed"}, "sitting_closed"),
        ({"vote_in_progress": True}, "vote_in_progress"),
        ({"target": p.Proposal("adopted")}, "already_decided"),
        ({"target": p.Proposal("rejected")}, "already_decided"),
        ({"target": p.Proposal("withdrawn")}, "already_decided"),
        ({"quorum_met": False}, "no_quorum"),
    ],
)
def test_a_vote_is_refused(overrides, code):
    assert_refused(code, may_open, **overrides)


def test_amendments_are_moved_only_to_a_motion_not_yet_voted_on():
    p.amendment_allowed("draft")
    assert_refused("motion_in_vote", p.amendment_allowed, "voting")
    for state in ("adopted", "rejected", "withdrawn"):
        assert_refused("motion_decided", p.amendment_allowed, state)


def test_a_member_votes_once_while_the_vote_is_open_and_if_present():
    p.ballot_allowed(vote_open=True, is_member=True, present=True, already_voted=False)
    cases = [
        ({"vote_open": False}, "vote_closed"),
        ({"is_member": False}, "not_a_member"),
        ({"present": False}, "not_present"),
        ({"already_voted": True}, "already_voted"),
    ]
    for overrides, code in cases:
        arguments = {
            "vote_open": True,
            "is_member": True,
            "present": True,
            "already_voted": False,
        }
        arguments.update(overrides)
        assert_refused(code, p.ballot_allowed, **arguments)


def test_only_for_against_and_abstain_are_choices():
    assert p.choice("for") is p.Choice.FOR
    assert_refused("bad_choice", p.choice, "maybe")
    assert_refused("bad_choice", p.choice, "")


# The text of a motion ---------------------------------------------------------


def test_adopted_amendments_change_the_text_in_order():
    text = "§1. Dyskoteka odbędzie się w piątek.\n§2. Wstęp wolny."
    changes = [
        p.TextChange("w piątek", "w sobotę"),
        p.TextChange("", "§3. Uchwała wchodzi w życie z dniem podjęcia."),
    ]
    assert p.apply_changes(text, changes) == (
        "§1. Dyskoteka odbędzie się w sobotę.\n§2. Wstęp wolny.\n\n"
        "§3. Uchwała wchodzi w życie z dniem podjęcia."
    )


def test_an_amendment_must_name_words_that_appear_exactly_once():
    assert_refused(
        "amendment_text_not_found", p.change_applies, "abc", p.TextChange("x", "y")
    )
    assert_refused(
        "amendment_text_ambiguous", p.change_applies, "a a", p.TextChange("a", "b")
    )
    assert_refused("amendment_empty", p.change_applies, "abc", p.TextChange("", "  "))


@given(st.text(min_size=1, max_size=40).filter(lambda s: s.strip()))
def test_appending_a_paragraph_always_keeps_the_original(addition):
    text = "Tekst uchwały."
    assert p.apply_changes(text, [p.TextChange("", addition)]).startswith(text)


# The register -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "letters"),
    [
        (1, "I"),
        (4, "IV"),
        (9, "IX"),
        (12, "XII"),
        (14, "XIV"),
        (40, "XL"),
        (90, "XC"),
        (1994, "MCMXCIV"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_terms_are_numbered_in_roman_numerals(number, letters):
    assert p.roman(number) == letters


@pytest.mark.parametrize("bad", [0, -1, 4000, True, 2.0])
def test_impossible_term_numbers_are_refused(bad):
    assert_refused("bad_number", p.roman, bad)


def test_a_resolution_number_reads_like_krakows():
    assert p.resolution_number(term=12, sequence=34, year=2026) == "XII/34/2026"
    assert_refused("bad_number", p.resolution_number, term=12, sequence=0, year=2026)
