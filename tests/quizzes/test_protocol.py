"""Every incoming message is checked against its type's schema, and each socket
has a message budget."""

import pytest

from quizzes.protocol import (
    HOST_MESSAGES,
    MAX_FRAME,
    PLAYER_MESSAGES,
    Budget,
    ProtocolError,
    decode,
    reply_id,
    validate,
)


def refusal(message, schemas=PLAYER_MESSAGES):
    with pytest.raises(ProtocolError) as caught:
        validate(message, schemas)
    return caught.value.code, caught.value.field


def test_a_well_formed_message_passes_as_it_is():
    message = {"type": "answer", "question": 2, "answer": {"choice": 5}, "id": "a"}
    assert validate(message, PLAYER_MESSAGES) is message


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ({"type": "add_time", "seconds": 0}, ("invalid_message", "seconds")),
        ({"type": "add_time", "seconds": 61}, ("invalid_message", "seconds")),
        ({"type": "add_time", "seconds": 5.0}, ("invalid_message", "seconds")),
        ({"type": "add_time"}, ("invalid_message", "seconds")),
        ({"type": "lock", "locked": 1}, ("invalid_message", "locked")),
        (
            {"type": "extend_time", "player": 1, "multiplier": float("nan")},
            (
                "invalid_message",
                "multiplier",
            ),
        ),
        (
            {"type": "extend_time", "player": 1, "multiplier": 4},
            (
                "invalid_message",
                "multiplier",
            ),
        ),
        ({"type": "remove", "player": 0}, ("invalid_message", "player")),
        ({"type": "start", "force": True}, ("invalid_message", "force")),
        ({"type": "start", "id": "x" * 41}, ("invalid_message", "id")),
        ({"type": "join"}, ("unknown_type", "type")),
    ],
)
def test_host_messages_out_of_their_schema_name_the_field(message, expected):
    assert refusal(message, HOST_MESSAGES) == expected


def test_host_messages_in_their_schema_pass():
    for message in (
        {"type": "extend_time", "player": 3, "multiplier": 1.5},
        {"type": "add_time", "seconds": 60},
        {"type": "lock", "locked": False, "id": 12},
        {"type": "next"},
    ):
        assert validate(message, HOST_MESSAGES) == message


def test_frames_are_decoded_with_limits():
    assert decode('{"type": "ping"}') == {"type": "ping"}
    with pytest.raises(ProtocolError, match="too_big"):
        decode(" " * (MAX_FRAME + 1))
    with pytest.raises(ProtocolError, match="bad_json"):
        decode("{")
    with pytest.raises(ProtocolError, match="bad_json"):
        decode("[" * 4000)  # deeper than the parser recurses


def test_only_usable_ids_are_echoed():
    assert reply_id({"id": "x"}) == "x"
    assert reply_id({"id": 7}) == 7
    assert reply_id({"id": [1]}) is None
    assert reply_id("text") is None


class Ticks:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_the_budget_allows_a_burst_then_the_rate_and_cuts_off_a_flood():
    ticks = Ticks()
    budget = Budget(rate=10, burst=20, limit=40, clock=ticks)
    assert all(budget.take() for _ in range(20))
    assert not budget.take()
    ticks.now += 0.5  # five more refilled
    assert sum(budget.take() for _ in range(10)) == 5
    assert not budget.exhausted
    for _ in range(40):
        budget.take()
    assert budget.exhausted
    ticks.now += 10
    assert budget.take()
    assert not budget.exhausted
