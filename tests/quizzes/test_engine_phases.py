"""The host drives a session through its phases; the server's clock runs each
question; controls that make no sense in a phase are refused with a reason."""

from datetime import timedelta

import pytest

from quizzes.engine import Action, Phase, SessionState, TransitionError
from quizzes.engine.phases import MAX_ADD_SECONDS, allowed_actions, transition
from tests.quizzes.clock import START, FakeClock

LIMITS = [20, 30, 10]


def apply(state, action, clock, seconds=None, limits=LIMITS):
    return transition(state, action, now=clock(), time_limits=limits, seconds=seconds)


def play(*actions, clock=None):
    clock = clock or FakeClock()
    state = SessionState()
    for action in actions:
        state = apply(state, action, clock).state
    return state


def refused(state, action, clock=None, **kwargs) -> str:
    with pytest.raises(TransitionError) as caught:
        apply(state, action, clock or FakeClock(), **kwargs)
    return caught.value.code


def test_a_new_session_waits_in_the_lobby():
    assert SessionState().phase == Phase.LOBBY


def test_start_opens_the_first_question_with_a_server_deadline():
    clock = FakeClock()
    state = apply(SessionState(), Action.START, clock).state
    assert state.phase == Phase.QUESTION
    assert state.question_index == 0
    assert state.opened_at == START
    assert state.deadline == START + timedelta(seconds=20)
    assert state.is_open


def test_a_quiz_without_questions_cannot_start():
    assert refused(SessionState(), Action.START, limits=[]) == "no_questions"


def test_next_walks_question_closed_leaderboard_and_the_next_question():
    clock = FakeClock()
    state = play(Action.START, clock=clock)
    closing = apply(state, Action.NEXT, clock)
    assert closing.state.phase == Phase.CLOSED
    assert (closing.closed, closing.scored) == (0, True)
    assert closing.state.deadline is None
    board = apply(closing.state, Action.NEXT, clock)
    assert board.state.phase == Phase.LEADERBOARD
    assert board.closed is None
    clock.advance(5)
    second = apply(board.state, Action.NEXT, clock).state
    assert (second.phase, second.question_index) == (Phase.QUESTION, 1)
    assert second.deadline == clock() + timedelta(seconds=30)


def test_after_the_last_leaderboard_comes_the_podium():
    last_board = play(*[Action.START] + [Action.NEXT] * 8)
    assert last_board.phase == Phase.LEADERBOARD
    state = apply(last_board, Action.NEXT, FakeClock()).state
    assert state.phase == Phase.FINAL
    assert state.question_index == 2


def test_the_deadline_closes_an_open_question():
    transition_ = apply(play(Action.START), Action.CLOSE, FakeClock())
    assert transition_.state.phase == Phase.CLOSED
    assert transition_.scored is True


def test_skip_voids_the_open_question_and_opens_the_next():
    clock = FakeClock()
    state = play(Action.START, clock=clock)
    clock.advance(3)
    skipped = apply(state, Action.SKIP, clock)
    assert (skipped.closed, skipped.scored) == (0, False)
    assert skipped.state.phase == Phase.QUESTION
    assert skipped.state.question_index == 1
    assert skipped.state.opened_at == clock()


def test_skipping_the_last_question_ends_the_game():
    state = play(Action.START, Action.SKIP, Action.SKIP, Action.SKIP)
    assert state.phase == Phase.FINAL


def test_skip_after_a_question_closed_jumps_over_the_leaderboard():
    closed = play(Action.START, Action.NEXT)
    following = apply(closed, Action.SKIP, FakeClock())
    assert following.closed is None
    assert following.state.question_index == 1
    assert following.state.phase == Phase.QUESTION


def test_pause_keeps_the_remaining_time_and_resume_gives_it_back():
    clock = FakeClock()
    state = play(Action.START, clock=clock)
    clock.advance(8)
    paused = apply(state, Action.PAUSE, clock).state
    assert paused.paused
    assert not paused.is_open
    assert paused.paused_remaining == timedelta(seconds=12)
    clock.advance(600)  # a long pause costs nothing
    assert paused.remaining(clock()) == timedelta(seconds=12)
    resumed = apply(paused, Action.RESUME, clock).state
    assert not resumed.paused
    assert resumed.deadline == clock() + timedelta(seconds=12)
    # The opening moves with the deadline, so the pause is not response time.
    assert clock() - resumed.opened_at == timedelta(seconds=8)


def test_pausing_twice_or_resuming_a_running_question_is_refused():
    clock = FakeClock()
    state = play(Action.START, clock=clock)
    assert refused(state, Action.RESUME, clock) == "not_paused"
    paused = apply(state, Action.PAUSE, clock).state
    assert refused(paused, Action.PAUSE, clock) == "already_paused"


def test_a_question_whose_time_is_up_cannot_be_paused():
    clock = FakeClock()
    state = play(Action.START, clock=clock)
    clock.advance(20)
    assert refused(state, Action.PAUSE, clock) == "time_up"


def test_adding_time_moves_the_deadline_running_or_paused():
    clock = FakeClock()
    state = play(Action.START, clock=clock)
    longer = apply(state, Action.ADD_TIME, clock, seconds=15).state
    assert longer.deadline == state.deadline + timedelta(seconds=15)
    paused = apply(longer, Action.PAUSE, clock).state
    more = apply(paused, Action.ADD_TIME, clock, seconds=10).state
    assert more.paused_remaining == timedelta(seconds=45)
    resumed = apply(more, Action.RESUME, clock).state
    assert resumed.deadline == clock() + timedelta(seconds=45)


@pytest.mark.parametrize("seconds", [0, -5, MAX_ADD_SECONDS + 1, None, 2.5, True, "9"])
def test_adding_an_odd_amount_of_time_is_refused(seconds):
    state = play(Action.START)
    assert refused(state, Action.ADD_TIME, seconds=seconds) == "bad_seconds"


def test_time_cannot_pile_up_beyond_five_minutes():
    clock = FakeClock()
    state = play(Action.START, clock=clock)
    for _ in range(4):
        state = apply(state, Action.ADD_TIME, clock, seconds=60).state
    assert refused(state, Action.ADD_TIME, clock, seconds=60) == "too_much_time"


def test_time_cannot_be_added_once_it_is_up():
    clock = FakeClock()
    state = play(Action.START, clock=clock)
    clock.advance(21)
    assert refused(state, Action.ADD_TIME, clock, seconds=10) == "time_up"


@pytest.mark.parametrize(
    "path",
    [
        [],
        [Action.START],
        [Action.START, Action.NEXT],
        [Action.START, Action.NEXT, Action.NEXT],
        [Action.START, Action.PAUSE],
    ],
)
def test_end_now_goes_to_the_podium_from_any_phase(path):
    before = play(*path)
    ended = apply(before, Action.END, FakeClock())
    assert ended.state.phase == Phase.FINAL
    assert ended.state.deadline is None
    # An open question is scored on the way out.
    assert ended.closed == (0 if before.phase == Phase.QUESTION else None)


def test_nothing_applies_to_a_finished_session():
    final = play(Action.END)
    for action in Action:
        assert refused(final, action) == "finished"


# Which controls apply where: every phase against every control.
EXPECTED = {
    "lobby": {Action.START, Action.END},
    "question": {
        Action.NEXT,
        Action.SKIP,
        Action.PAUSE,
        Action.ADD_TIME,
        Action.END,
        Action.CLOSE,
    },
    "paused": {
        Action.NEXT,
        Action.SKIP,
        Action.RESUME,
        Action.ADD_TIME,
        Action.END,
        Action.CLOSE,
    },
    "closed": {Action.NEXT, Action.SKIP, Action.END},
    "leaderboard": {Action.NEXT, Action.SKIP, Action.END},
}
PATHS = {
    "lobby": [],
    "question": [Action.START],
    "paused": [Action.START, Action.PAUSE],
    "closed": [Action.START, Action.NEXT],
    "leaderboard": [Action.START, Action.NEXT, Action.NEXT],
}


# Refusals more precise than "not allowed".
SPECIFIC = {
    ("question", Action.RESUME): "not_paused",
    ("paused", Action.PAUSE): ("already_paused"),
}


@pytest.mark.parametrize("where", list(PATHS))
@pytest.mark.parametrize("action", list(Action))
def test_every_control_is_either_applied_or_refused_with_a_reason(where, action):
    state = play(*PATHS[where])
    if action in EXPECTED[where]:
        apply(state, action, FakeClock(), seconds=5)
    else:
        expected = SPECIFIC.get((where, action), "not_allowed")
        assert refused(state, action, seconds=5) == expected


@pytest.mark.parametrize("where", list(PATHS))
def test_the_hosts_buttons_are_the_allowed_controls(where):
    assert allowed_actions(play(*PATHS[where])) == EXPECTED[where] - {Action.CLOSE}


def test_an_unknown_control_is_refused():
    assert refused(SessionState(), "explode") == "unknown_action"


def test_remaining_time_counts_down_and_never_goes_negative():
    clock = FakeClock()
    state = play(Action.START, clock=clock)
    clock.advance(5)
    assert state.remaining(clock()) == timedelta(seconds=15)
    clock.advance(60)
    assert state.remaining(clock()) == timedelta(0)
    assert SessionState().remaining(clock()) is None
