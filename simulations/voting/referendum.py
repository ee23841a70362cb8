"""A yes/no referendum with a turnout quorum.

The result says whether enough people took part for it to bind (``binding``),
the turnout, the shares of yes and no among the valid votes, and the decision.
Two quorums of Polish law come ready-made: :data:`NATIONAL_QUORUM` and
:data:`LOCAL_QUORUM`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .ballots import check_keys, read_whole_number
from .base import Result, VotingError, check_count


@dataclass(frozen=True)
class Quorum:
    """The share of those eligible who must take part for the result to bind.

    ``strict`` means the turnout must be more than ``share``; otherwise at least
    ``share`` is enough.
    """

    share: Fraction
    strict: bool
    source: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.share <= 1:
            raise VotingError(f"the quorum must be between 0 and 1, got {self.share}")

    def is_met(self, took_part: int, eligible: int) -> bool:
        """Returns whether ``took_part`` of ``eligible`` meets the quorum."""
        needed = self.share * eligible
        return took_part > needed if self.strict else took_part >= needed

    @property
    def rule(self) -> str:
        return "more than" if self.strict else "at least"


NATIONAL_QUORUM = Quorum(
    Fraction(1, 2),
    strict=True,
    source="Constitution of the Republic of Poland art. 125(3); "
    "Act of 14 March 2003 on the national referendum art. 66(1)",
)
LOCAL_QUORUM = Quorum(
    Fraction(3, 10),
    strict=False,
    source="Act of 15 September 2000 on the local referendum art. 55(1)",
)


def _percent(part: int, whole: int) -> Fraction | None:
    return Fraction(100 * part, whole) if whole else None


def referendum(
    *,
    eligible: int,
    yes: int,
    no: int,
    blank: int = 0,
    invalid: int = 0,
    quorum: Quorum = NATIONAL_QUORUM,
) -> Result:
    """Returns the outcome of a yes/no referendum.

    Everyone who handed in a ballot took part: ``yes + no + blank + invalid``;
    that over ``eligible`` is the turnout, measured against ``quorum``. A
    national referendum binds when more than half of those eligible took part
    (Constitution art. 125(3)); a local one is valid when at least 30% did (Act
    on the local referendum art. 55(1)). The answer with more than half of the
    valid votes (yes and no) decides (Act on the national referendum art. 66(2);
    Act on the local referendum art. 56(1)); ``winners`` holds it, or is empty
    when the result does not bind or the votes are level.
    """
    answers = {"yes": yes, "no": no, "blank": blank, "invalid": invalid}
    took_part = _took_part(answers, eligible)
    binding = quorum.is_met(took_part, eligible)
    decision = _decision(yes, no) if binding else None
    valid = yes + no
    return Result(
        method="referendum",
        winners=[decision] if decision else [],
        steps=_steps(answers, eligible, quorum, binding, decision),
        details={
            "eligible": eligible,
            "took_part": took_part,
            "turnout": Fraction(took_part, eligible),
            "quorum": quorum.share,
            "quorum_rule": quorum.rule,
            "quorum_source": quorum.source,
            "binding": binding,
            "valid_votes": valid,
            "yes_share": Fraction(yes, valid) if valid else None,
            "no_share": Fraction(no, valid) if valid else None,
            "decision": decision,
        },
    )


def _took_part(answers: dict[str, int], eligible: int) -> int:
    for what, value in answers.items():
        check_count(value, what=what)
    if check_count(eligible, what="eligible") == 0:
        raise VotingError("eligible must be at least 1")
    took_part = sum(answers.values())
    if took_part > eligible:
        raise VotingError(
            f"{took_part} took part but only {eligible} are eligible to vote"
        )
    return took_part


def _decision(yes: int, no: int) -> str | None:
    """Returns the answer with more than half of the valid votes, if any."""
    if yes > no:
        return "yes"
    return "no" if no > yes else None


def _steps(
    answers: dict[str, int],
    eligible: int,
    quorum: Quorum,
    binding: bool,
    decision: str | None,
) -> list[dict[str, Any]]:
    took_part = sum(answers.values())
    valid = answers["yes"] + answers["no"]
    return [
        {
            "kind": "turnout",
            "eligible": eligible,
            "took_part": took_part,
            "percent": _percent(took_part, eligible),
        },
        {
            "kind": "quorum",
            "required_percent": quorum.share * 100,
            "rule": quorum.rule,
            "met": binding,
            "source": quorum.source,
        },
        {
            "kind": "answers",
            **answers,
            "valid": valid,
            "yes_percent": _percent(answers["yes"], valid),
            "no_percent": _percent(answers["no"], valid),
        },
        {"kind": "decision", "decision": decision},
    ]


# JSON adapter

_PRESETS = {"national": NATIONAL_QUORUM, "local": LOCAL_QUORUM}
_RULES = {"more_than": True, "at_least": False}


def _read_quorum(data: dict[str, Any]) -> Quorum:
    value = data.get("quorum", "national")
    if isinstance(value, str):
        if value not in _PRESETS or "quorum_rule" in data:
            raise VotingError(
                f"'quorum' must be 'national', 'local' or a share such as 0.3, "
                f"got {value!r} ('quorum_rule' goes only with a share)"
            )
        return _PRESETS[value]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise VotingError(f"'quorum' must be a share between 0 and 1, got {value!r}")
    # A bare share reads as the Constitution reads a half: more than it.
    rule = data.get("quorum_rule", "more_than")
    if rule not in _RULES:
        raise VotingError(
            f"'quorum_rule' must be 'more_than' or 'at_least', got {rule!r}"
        )
    # The decimal as written, so 0.3 is exactly 3/10 and not the nearest float.
    share = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    try:
        return Quorum(share, strict=_RULES[rule], source="set for this vote")
    except VotingError as error:
        raise VotingError(f"'quorum': {error}") from None


def _referendum_json(data: Any) -> Result:
    data = check_keys(
        data,
        required=["eligible", "yes", "no"],
        optional=["method", "blank", "invalid", "quorum", "quorum_rule"],
    )
    counts = {
        key: read_whole_number(data, key)
        for key in ("yes", "no", "blank", "invalid")
        if key in data
    }
    eligible = read_whole_number(data, "eligible", minimum=1)
    return referendum(eligible=eligible, quorum=_read_quorum(data), **counts)


JSON_METHODS: dict[str, Callable[[Any], Result]] = {"referendum": _referendum_json}
