"""Turning counts into what a results page shows: bars, tables and steps.

Templates cannot look a dictionary up by a name held in a variable, so the steps
of :mod:`simulations.voting` (dictionaries keyed by candidate) become lists of rows
here. The STV stages become one table, a candidate per row and a stage per column,
as count sheets show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from simulations.services.counting import ContestCount
from simulations.voting.base import jsonable

# The chart's coordinates: a 600-unit-wide SVG, names on the left, bars after
# them, each bar's number at its end. Whole numbers only, so no locale ever turns
# a coordinate into "12,5".
CHART_WIDTH = 600
BAR_HEIGHT = 28
LABEL_WIDTH = 220
LONGEST_BAR = 320


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: float
    width: int
    y: int

    @property
    def bar_y(self) -> int:
        return self.y + 4

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 5

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


def bars(votes: dict[str, int]) -> dict[str, Any]:
    """Returns a horizontal bar chart of ``votes``: one bar per name, longest
    first, widths as per cent of the largest, with the SVG's height."""
    total = sum(votes.values())
    top = max(votes.values(), default=0) or 1
    rows = sorted(votes.items(), key=lambda item: -item[1])
    chart = [
        Bar(
            label=name,
            value=value,
            percent=100 * value / total if total else 0.0,
            width=round(LONGEST_BAR * value / top),
            y=index * BAR_HEIGHT,
        )
        for index, (name, value) in enumerate(rows)
    ]
    return {
        "bars": chart,
        "height": max(1, len(chart)) * BAR_HEIGHT,
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT - 8,
        "total": total,
    }


def _rows(values: dict, percent: dict | None = None) -> list[dict[str, Any]]:
    percent = percent or {}
    return [
        {"name": name, "value": value, "percent": percent.get(name)}
        for name, value in values.items()
    ]


def _matrix(matrix: dict[str, dict[str, Any]]) -> dict[str, Any]:
    names = list(matrix)
    return {
        "names": names,
        "rows": [
            {"name": a, "cells": [matrix[a].get(b) if a != b else None for b in names]}
            for a in names
        ],
    }


def _quotients(step: dict[str, Any]) -> dict[str, Any]:
    for row in step["rows"]:
        row["cells"] = [
            {"quotient": q, "seat": seat}
            for q, seat in zip(row["quotients"], row["seat_numbers"], strict=True)
        ]
    return step


def _prepared(step: dict[str, Any]) -> dict[str, Any]:
    kind = step.get("kind")
    if isinstance(step.get("votes"), dict):
        step["vote_rows"] = _rows(step["votes"], step.get("percent"))
    for key in ("tallies", "scores", "points", "seats", "result"):
        if isinstance(step.get(key), dict):
            step[f"{key}_rows"] = _rows(step[key])
    if kind in ("pairwise_preferences", "strongest_paths"):
        step["table"] = _matrix(step["matrix"])
    if kind == "places":
        step["place_rows"] = [
            {"name": name, "counts": counts} for name, counts in step["counts"].items()
        ]
    if kind == "quotient_table":
        _quotients(step)
    if kind == "threshold":
        for row in step["lists"]:
            row["share_percent"] = 100 * row["share"]
            row["required_percent"] = 100 * row["required"]
    if isinstance(step.get("steps"), list):
        step["steps"] = prepare_steps(step["steps"])
    return step


def _stv_table(stages: list[dict[str, Any]]) -> dict[str, Any]:
    names = list(stages[0]["tallies"])
    return {
        "kind": "stv_table",
        "stages": [
            {
                "number": stage["stage"],
                "action": stage["action"],
                "candidate": stage["candidate"],
                "elected": stage["elected"],
                "exhausted": stage["exhausted"],
            }
            for stage in stages
        ],
        "rows": [
            {
                "name": name,
                "cells": [
                    {"votes": s["tallies"][name], "status": s["status"][name]}
                    for s in stages
                ],
            }
            for name in names
        ],
    }


def prepare_steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Returns the steps ready for the step template (JSON values, row lists)."""
    steps = jsonable(steps)
    stages = [step for step in steps if step.get("kind") == "stage"]
    prepared = []
    for step in steps:
        if step.get("kind") == "stage":
            if step is stages[0]:
                prepared.append(_stv_table(stages))
            continue
        prepared.append(_prepared(step))
    return prepared


def describe_ballot(labels: dict[int, str], status: str, choices: dict) -> str:
    """Returns a published ballot in words: the names it marks, in order."""
    if status == "blank":
        return _("Blank ballot")
    if status == "spoiled":
        return _("Spoiled ballot")
    if "answer" in choices:
        return _("Yes") if choices["answer"] == "yes" else _("No")
    if "list" in choices:
        party_list = labels.get(choices["list"], "?")
        return f"{party_list}: {labels.get(choices['candidate'], '?')}"
    if "ranking" in choices:
        return ", ".join(
            f"{place}. {labels.get(option, '?')}"
            for place, option in enumerate(choices["ranking"], start=1)
        )
    marked = choices.get("marks") or [choices.get("mark")]
    return ", ".join(labels.get(option, "?") for option in marked)


def contest_view(contest, count: ContestCount, stations=()) -> dict[str, Any]:
    """Returns what the results page shows for one contest."""
    result = count.result.to_dict() if count.result else None
    chart = bars(count.votes)
    order = [bar.label for bar in chart["bars"]]
    return {
        "contest": contest,
        "count": count,
        "chart": chart,
        "chart_id": f"chart-{contest.pk}",
        "winners": (result or {}).get("winners") or [],
        "seats": (result or {}).get("seats"),
        "steps": prepare_steps(result["steps"]) if result else [],
        "ties": (result or {}).get("ties", []),
        "details": (result or {}).get("details", {}),
        "stations": [
            {
                "classroom": s.classroom,
                "count": s.count,
                "votes": [s.count.votes.get(name, 0) for name in order],
            }
            for s in stations
        ],
    }
