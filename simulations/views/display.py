"""Turning counts into what a results page shows: bars, tables and steps.

Templates cannot look a dictionary up by a name held in a variable, so the steps
of :mod:`simulations.voting` (dictionaries keyed by candidate) become lists of rows
here. The STV stages become one table, a candidate per row and a stage per column,
as count sheets show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from simulations import selectors
from simulations.models import Method
from simulations.services.counting import ContestCount
from simulations.views.charts import hemicycle, paired_bars, turnout_chart
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
        "hemicycle": hemicycle(seats) if (seats := seats_of(count)) else None,
        "stations": [
            {
                "classroom": s.classroom,
                "count": s.count,
                "votes": [s.count.votes.get(name, 0) for name in order],
            }
            for s in stations
        ],
    }


# Levels, hemicycles, turnout and what-if -------------------------------------------


def level_view(tally) -> list[dict[str, Any]]:
    """Returns each table of a level: its contest (None for the whole election),
    the option names as columns and one row per unit."""
    tables = []
    for contest, rows in tally.tables:
        names: list[str] = []
        for row in rows:
            names.extend(n for n in row.count.votes if n not in names)
        tables.append(
            {
                "contest": contest,
                "names": names,
                "rows": [
                    {
                        "label": row.label,
                        "note": row.note,
                        "count": row.count,
                        "votes": [row.count.votes.get(n, 0) for n in names],
                    }
                    for row in rows
                ],
            }
        )
    return tables


def seats_of(count: ContestCount) -> dict[str, int] | None:
    """Returns the seats of an assembly: per list, or one per person elected
    when several people are; None for a single winner."""
    if count.result is None:
        return None
    if count.result.seats:
        return dict(count.result.seats)
    winners = count.result.winners or []
    return dict.fromkeys(winners, 1) if len(winners) > 1 else None


def turnout_view(election, turnout) -> dict[str, Any] | None:
    """Returns the turnout chart: the whole election, then each class."""
    classrooms = selectors.electorate_classrooms(election).annotate(
        pupil_count=Count("pupils")
    )
    rows = [(_("All voters"), turnout.voted, turnout.eligible)]
    for classroom in classrooms:
        voted = turnout.by_classroom.get(classroom.pk, 0)
        label = classroom.name
        if election.school_id is None:
            label = f"{classroom.name} ({classroom.school.name})"
        rows.append((label, voted, max(classroom.pupil_count, voted)))
    # Paper polling stations with a name of their own (not a class).
    for name, (voted, eligible) in getattr(turnout, "by_station", {}).items():
        rows.append((name, voted, max(eligible, voted)))
    return turnout_chart(rows) if turnout.eligible else None


METHOD_NOTES = {
    "one_mark": _lazy(
        "Each ballot has one mark: it does not say whom the voter would choose "
        "next, so a method that needs a ranking cannot count it."
    ),
    "not_ranked": _lazy(
        "The ballots mark candidates without an order of preference, which this "
        "method needs."
    ),
    "not_marks": _lazy(
        "The ballots rank the candidates; this method needs a yes or a no for "
        "each candidate, which a ranking does not give."
    ),
    "one_question": _lazy("A yes-or-no question has only one way of counting."),
}


def method_label(method: str, threshold: bool = False) -> str:
    label = str(Method(method).label) if method in Method.values else method
    if threshold:
        return _("%(method)s, with the threshold") % {"method": label}
    return label


def _seat_sentences(whatif) -> list[str]:
    sentences = []
    for name, values in whatif.seat_differences():
        parts = [
            ngettext(
                "%(count)s seat under %(method)s",
                "%(count)s seats under %(method)s",
                seats,
            )
            % {"count": seats, "method": method_label(v.method, v.threshold)}
            for v, seats in values
        ]
        sentences.append(
            _("%(name)s: %(values)s.") % {"name": name, "values": "; ".join(parts)}
        )
    return sentences


def _winner_sentences(whatif) -> list[str]:
    base = whatif.baseline
    sentences = []
    for variant in whatif.variants:
        finalists = variant.result.details.get("finalists") if variant.result else None
        if variant.result and not variant.winners and finalists:
            sentences.append(
                _(
                    "Under %(method)s nobody has more than half of the votes: a "
                    "second round between %(finalists)s would decide."
                )
                % {
                    "method": method_label(variant.method),
                    "finalists": ", ".join(finalists),
                }
            )
    for variant in whatif.winner_differences():
        if not variant.winners:
            continue
        sentences.append(
            _("Under %(method)s, %(winners)s would be elected instead of %(current)s.")
            % {
                "method": method_label(variant.method),
                "winners": ", ".join(variant.winners),
                "current": ", ".join(base.winners) or "–",
            }
        )
    return sentences


def whatif_view(whatif, index: int) -> dict[str, Any]:
    """Returns a what-if for the page: a row per method, bars of the seats under
    each list method, the methods the ballots do not allow and why, and the
    differences in words."""
    seats = whatif.outcome == "seats"
    variants = [
        {
            "label": method_label(v.method, v.threshold),
            "key": v.key,
            "current": v.current,
            "problem": v.problem,
            "winners": v.winners,
            "seat_rows": [(n, v.seats.get(n, 0)) for n in whatif.votes],
            "chart": bars(v.seats) if seats and v.result else None,
            "chart_id": f"whatif-{index}-{v.key.replace('+', '-')}",
            "runoff": (v.result.details.get("finalists") if v.result else None)
            if not v.winners
            else None,
        }
        for v in whatif.variants
    ]
    sentences = _seat_sentences(whatif) if seats else _winner_sentences(whatif)
    return {
        "name": whatif.name,
        "seats": seats,
        "names": list(whatif.votes),
        "variants": variants,
        "votes_chart": bars(whatif.votes) if whatif.votes else None,
        "chart_id": f"whatif-{index}",
        "unavailable": [
            {"label": method_label(u.method), "reason": METHOD_NOTES[u.reason]}
            for u in whatif.unavailable
        ],
        "differences": sentences,
        "same": bool(whatif.variants) and not sentences,
    }


def comparison_view(comparison, index: int = 0) -> dict[str, Any]:
    """Returns the pupils' result beside the real one, as a table and paired
    bars (the pupils' share and the real share of each committee)."""
    return {
        "comparison": comparison,
        "chart_id": f"real-{index}",
        "chart": paired_bars(
            [(r.short_name, r.pupils_share, r.real_share) for r in comparison.rows]
        ),
    }
