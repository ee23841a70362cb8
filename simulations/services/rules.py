"""What a ballot may hold under each counting method: plain Python, no Django.

A ballot is a JSON object in one of five shapes, with option ids as numbers:

- ``{"mark": 7}``: one mark (plurality, two-round);
- ``{"marks": [7, 9]}``: several marks (approval, PAV; block vote up to the seats);
- ``{"ranking": [9, 7, 8]}``: an order of preference (IRV, Borda, Schulze, STV);
- ``{"list": 3, "candidate": 12}``: one candidate on one list (the Polish open list);
- ``{"answer": "yes"}``: a referendum answer.

``{"blank": true}`` hands in a ballot with no choice and ``{"spoiled": true}`` a
deliberately spoiled one, where the method's rules have them: the Polish paper
ballots (one mark, block vote, lists, referendum) count invalid votes apart, and
every method lets a voter hand in a blank ballot. :func:`check_ballot` returns the
ballot's status and its canonical form: marks sorted, so that identical ballots are
identical rows and the count can group them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MARK, MARKS, RANKING, LIST, ANSWER = "mark", "marks", "ranking", "list", "answer"
VALID, BLANK, SPOILED = "valid", "blank", "spoiled"
ANSWERS = ("yes", "no")


@dataclass(frozen=True)
class MethodRule:
    """The ballot a method takes: its shape and whether it may be spoiled."""

    shape: str
    spoiled: bool = True
    max_marks_is_seats: bool = False


LIST_METHODS = frozenset(
    {"dhondt", "sainte_lague", "modified_sainte_lague", "hare_niemeyer"}
)

METHOD_RULES: dict[str, MethodRule] = {
    "plurality": MethodRule(MARK),
    "two_round": MethodRule(MARK),
    "approval": MethodRule(MARKS, spoiled=False),
    "pav": MethodRule(MARKS, spoiled=False),
    "block": MethodRule(MARKS, max_marks_is_seats=True),
    "irv": MethodRule(RANKING, spoiled=False),
    "borda": MethodRule(RANKING, spoiled=False),
    "schulze": MethodRule(RANKING, spoiled=False),
    "stv": MethodRule(RANKING, spoiled=False),
    "referendum": MethodRule(ANSWER),
    # A participatory budget's ballots (see services.budget): up to ``seats``
    # projects ranked for Kraków's points, any number approved otherwise.
    "budget_points": MethodRule(RANKING, spoiled=False, max_marks_is_seats=True),
    "budget_approval": MethodRule(MARKS, spoiled=False),
    **{method: MethodRule(LIST) for method in LIST_METHODS},
}


class BallotShapeError(ValueError):
    """A ballot that does not fit its contest; ``code`` says how, for a message."""

    def __init__(self, code: str, **facts: Any):
        self.code = code
        self.facts = facts
        super().__init__(code)


@dataclass(frozen=True)
class BallotSpec:
    """What one contest's ballot offers.

    ``candidates`` are the option ids a voter can mark or rank; for list methods,
    ``lists`` maps each list's id to the ids of the candidates standing on it.
    """

    method: str
    seats: int = 1
    candidates: frozenset[int] = frozenset()
    lists: Mapping[int, frozenset[int]] = field(default_factory=dict)

    @property
    def rule(self) -> MethodRule:
        return METHOD_RULES[self.method]


def check_ballot(spec: BallotSpec, raw: Any) -> tuple[str, dict[str, Any]]:
    """Returns ``(status, choices)`` for a ballot that fits ``spec``.

    Raises :class:`BallotShapeError` for anything else: the wrong shape, an option
    that is not on this ballot, a mark too many, a name ranked twice, a blank or
    spoiled ballot the rules do not have.
    """
    if not isinstance(raw, dict):
        raise BallotShapeError("not_an_object")
    if "blank" in raw or "spoiled" in raw:
        return _unmarked(spec, raw)
    shape = spec.rule.shape
    _only_keys(raw, {LIST: {"list", "candidate"}}.get(shape, {shape}))
    return VALID, CHECKS[shape](spec, raw)


def _unmarked(spec: BallotSpec, raw: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    (key,) = raw.keys() if len(raw) == 1 else (None,)
    if key is None or raw[key] is not True:
        raise BallotShapeError("unknown_key")
    if key == "spoiled" and not spec.rule.spoiled:
        raise BallotShapeError("spoiled_not_allowed")
    return (BLANK if key == "blank" else SPOILED), {}


def _only_keys(raw: dict[str, Any], keys: set[str]) -> None:
    if set(raw) != keys:
        raise BallotShapeError("wrong_shape", expected=sorted(keys))


def _option_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BallotShapeError("not_an_option")
    return value


def _known(spec: BallotSpec, value: Any) -> int:
    option = _option_id(value)
    if option not in spec.candidates:
        raise BallotShapeError("unknown_option")
    return option


def _distinct(spec: BallotSpec, values: Any) -> list[int]:
    if not isinstance(values, list):
        raise BallotShapeError("not_a_list")
    if not values:
        raise BallotShapeError("no_mark")
    options = [_known(spec, value) for value in values]
    if len(set(options)) != len(options):
        raise BallotShapeError("repeated_option")
    return options


def _mark(spec: BallotSpec, raw: dict[str, Any]) -> dict[str, Any]:
    return {MARK: _known(spec, raw[MARK])}


def _marks(spec: BallotSpec, raw: dict[str, Any]) -> dict[str, Any]:
    options = _distinct(spec, raw[MARKS])
    if spec.rule.max_marks_is_seats and len(options) > spec.seats:
        raise BallotShapeError("too_many_marks", most=spec.seats)
    return {MARKS: sorted(options)}


def _ranking(spec: BallotSpec, raw: dict[str, Any]) -> dict[str, Any]:
    options = _distinct(spec, raw[RANKING])
    if spec.rule.max_marks_is_seats and len(options) > spec.seats:
        raise BallotShapeError("too_many_marks", most=spec.seats)
    return {RANKING: options}


def _list(spec: BallotSpec, raw: dict[str, Any]) -> dict[str, Any]:
    party_list = _option_id(raw["list"])
    if party_list not in spec.lists:
        raise BallotShapeError("unknown_list")
    candidate = _option_id(raw["candidate"])
    if candidate not in spec.lists[party_list]:
        raise BallotShapeError("candidate_not_on_list")
    return {"list": party_list, "candidate": candidate}


def _answer(spec: BallotSpec, raw: dict[str, Any]) -> dict[str, Any]:
    if raw[ANSWER] not in ANSWERS:
        raise BallotShapeError("bad_answer")
    return {ANSWER: raw[ANSWER]}


CHECKS = {MARK: _mark, MARKS: _marks, RANKING: _ranking, LIST: _list, ANSWER: _answer}
