"""Real Polish electoral rules for lessons, with a worked example counted live.

The rules (seats, constituencies, method, thresholds, citation) come from
``simulations.voting.presets``; the example runs the same counting code the
simulations use on a small set of invented votes, so the table a class sees is the
one the law's method produces, not a drawing of it.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from simulations.voting.ballots import SingleMarkBallot
from simulations.voting.lists import (
    apply_thresholds,
    check_kinds,
    highest_averages,
    largest_remainder,
)
from simulations.voting.presets import PRESETS, Preset, run_senate
from simulations.voting.single import two_round

PRESET_NAMES = {
    "sejm": gettext_lazy("Sejm of the Republic of Poland"),
    "senate": gettext_lazy("Senate of the Republic of Poland"),
    "president": gettext_lazy("President of the Republic of Poland"),
    "krakow_council": gettext_lazy("Kraków City Council"),
    "european_parliament": gettext_lazy(
        "European Parliament (members elected in Poland)"
    ),
}
METHOD_NAMES = {
    "dhondt": gettext_lazy("D'Hondt method in each constituency"),
    "plurality": gettext_lazy("Most votes wins (one seat per constituency)"),
    "two_round": gettext_lazy("Two rounds: more than half of the votes wins"),
    "dhondt_then_hare_niemeyer": gettext_lazy(
        "D'Hondt method nationally, then largest remainders among constituencies"
    ),
}
KIND_NAMES = {
    "party": gettext_lazy("committees of parties and voters"),
    "coalition": gettext_lazy("coalition committees"),
    "minority": gettext_lazy("committees of national minorities"),
}

# Invented votes in one constituency, chosen so that no quotients tie.
LIST_VOTES = {
    "Lista A": 41_350,
    "Lista B": 33_120,
    "Lista C": 18_640,
    "Lista D": 11_910,
    "Lista E": 4_280,
}
EP_EXAMPLE_SEATS = 10
# Lista A's national votes, by constituency (four of its thirteen lists).
EP_COMMITTEE = "Lista A"
EP_LIST_VOTES = {
    "Kraków": 15_720,
    "Katowice": 12_480,
    "Gdańsk": 7_630,
    "Lublin": 5_520,
}
SENATE_VOTES = {"Nowak": 52_310, "Kowalska": 61_045, "Wiśniewski": 23_880}
PRESIDENT_ROUND_1 = {"Ala": 11, "Bartek": 9, "Celina": 6, "Darek": 2}
PRESIDENT_ROUND_2 = {"Ala": 13, "Bartek": 15}


def preset_choices() -> list[tuple[str, str]]:
    """Returns the presets as choices, named in the active language."""
    return [(key, PRESET_NAMES.get(key, p.name)) for key, p in PRESETS.items()]


def explain(key: str) -> dict | None:
    """Returns the rules of preset ``key`` and a worked example, or None for a key
    the presets no longer have."""
    if key not in PRESETS:
        return None
    return _explain(key, get_language())


@lru_cache(maxsize=32)
def _explain(key: str, language: str) -> dict:
    # The language is part of the cache key: the texts are translated.
    preset = PRESETS[key]
    return {
        "key": key,
        "name": PRESET_NAMES.get(key, preset.name),
        "seats": preset.seats,
        "constituencies": len(preset.constituencies),
        "method": METHOD_NAMES.get(preset.method, preset.method),
        "thresholds": _thresholds(preset),
        "exempt": [KIND_NAMES.get(kind, kind) for kind in sorted(preset.exempt_kinds)],
        "citation": preset.citation,
        "notes": preset.notes,
        "example": EXAMPLES[preset.method](preset),
    }


def _thresholds(preset: Preset) -> list[dict]:
    return [
        {"kind": KIND_NAMES.get(kind, kind), "percent": _percent(share)}
        for kind, share in preset.thresholds.items()
        if kind not in preset.exempt_kinds
    ]


def _percent(share: Fraction) -> float:
    return round(float(share) * 100, 2)


def _list_example(preset: Preset) -> dict:
    """D'Hondt in the preset's smallest constituency, after the thresholds."""
    constituency = min(preset.constituencies, key=lambda c: (c.seats, c.number))
    qualified, threshold = _threshold_step(preset, LIST_VOTES)
    count = highest_averages(
        {name: LIST_VOTES[name] for name in qualified}, constituency.seats
    )
    return {
        "kind": "lists",
        "text": _(
            "Invented votes in a constituency with %(seats)s seats, like "
            "%(name)s. For the example, each list's share of these votes stands "
            "for its share in the whole country or city."
        )
        % {"seats": constituency.seats, "name": constituency.name},
        "threshold": threshold,
        "table": _quotient_table(count),
    }


def _threshold_step(preset: Preset, votes: dict[str, int]) -> tuple[list, list]:
    kinds = check_kinds({}, votes)
    qualified, step = apply_thresholds(votes, preset.threshold_rule(kinds), kinds=kinds)
    rows = [
        {
            "list": row["list"],
            "votes": row["votes"],
            "percent": _percent(Fraction(row["votes"], step["total_valid"])),
            "passed": row["status"] != "excluded",
        }
        for row in step["lists"]
    ]
    return qualified, rows


def _quotient_table(result) -> dict:
    table = next(s for s in result.steps if s["kind"] == "quotient_table")
    return {
        "divisors": table["divisors"],
        "rows": [
            {
                "list": row["list"],
                "votes": row["votes"],
                "cells": [
                    {"quotient": _number(q), "seat": seat}
                    for q, seat in zip(
                        row["quotients"], row["seat_numbers"], strict=True
                    )
                ],
                "seats": result.seats.get(row["list"], 0),
            }
            for row in table["rows"]
        ],
    }


def _number(value) -> int | float:
    """Whole numbers stay whole; templates show others to two decimal places."""
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else round(float(value), 2)


def _european_example(preset: Preset) -> dict:
    """D'Hondt between committees (on fewer seats, to fit a page), then one
    committee's seats shared among its constituency lists by largest remainder.

    For the example Lista A stands in only four constituencies.
    """
    qualified, threshold = _threshold_step(preset, LIST_VOTES)
    national = highest_averages(
        {name: LIST_VOTES[name] for name in qualified}, EP_EXAMPLE_SEATS
    )
    committee = EP_COMMITTEE
    share = largest_remainder(EP_LIST_VOTES, national.seats[committee])
    quotas = share.steps[0]
    return {
        "kind": "lists",
        "text": _(
            "Invented national votes, shared out here among %(seats)s seats "
            "instead of %(total)s so that the table fits on a page."
        )
        % {"seats": EP_EXAMPLE_SEATS, "total": preset.seats},
        "threshold": threshold,
        "table": _quotient_table(national),
        "remainders": {
            "committee": committee,
            "seats": national.seats[committee],
            "votes_per_seat": _number(quotas["votes_per_seat"]),
            "rows": [
                {
                    "list": row["list"],
                    "votes": row["votes"],
                    "quota": _number(row["quota"]),
                    "whole": row["whole"],
                    "extra": row["extra_seat"],
                    "seats": row["seats"],
                }
                for row in quotas["rows"]
            ],
        },
    }


def _plurality_example(preset: Preset) -> dict:
    result = run_senate({1: SENATE_VOTES})
    return {
        "kind": "plurality",
        "text": _("Invented votes in one Senate constituency."),
        "rounds": [
            {
                "votes": _rows(SENATE_VOTES),
                "winner": result.winners[0],
            }
        ],
    }


def _two_round_example(preset: Preset) -> dict:
    result = two_round(_ballots(PRESIDENT_ROUND_1), runoff=_ballots(PRESIDENT_ROUND_2))
    rounds = [s for s in result.steps if s["kind"] == "round"]
    return {
        "kind": "two_round",
        "text": _(
            "A class of %(voters)s elects its representative by the President's rules."
        )
        % {"voters": sum(PRESIDENT_ROUND_1.values())},
        "rounds": [
            {
                "number": step["round"],
                "votes": _rows(step["votes"]),
                "majority": step["majority"],
            }
            for step in rounds
        ],
        "finalists": result.details["finalists"],
        "winner": result.winners[0],
    }


def _ballots(votes: dict[str, int]) -> list[SingleMarkBallot]:
    return [SingleMarkBallot(name, count) for name, count in votes.items()]


def _rows(votes: dict[str, int]) -> list[dict]:
    total = sum(votes.values())
    return [
        {"name": name, "votes": count, "percent": _percent(Fraction(count, total))}
        for name, count in votes.items()
    ]


EXAMPLES = {
    "dhondt": _list_example,
    "dhondt_then_hare_niemeyer": _european_example,
    "plurality": _plurality_example,
    "two_round": _two_round_example,
}
