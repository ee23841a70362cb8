"""``python -m simulations.voting``: count an election from a file or standard input.

The input is JSON naming the method and carrying the data (see docs/voting/cli.md),
a pabulib ``.pb`` file, or a PKW per-constituency ``.csv`` file (counted with the Sejm
rules). The result is printed as JSON or as readable text with every step.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

from .base import FileFormatError, Result, VotingError, jsonable

METHOD_MODULES = ("single", "ranked", "referendum", "lists", "budget")


def json_methods() -> dict[str, Callable[[dict], Result]]:
    """Returns every method the JSON input can name, gathered from the modules."""
    methods: dict[str, Callable[[dict], Result]] = {}
    for name in METHOD_MODULES:
        methods.update(import_module(f"{__package__}.{name}").JSON_METHODS)
    return methods


def count_json(data: Any) -> Result:
    """Counts one election given as parsed JSON (``{"method": ..., ...}``)."""
    if not isinstance(data, dict):
        raise VotingError("the input must be a JSON object with a 'method' key")
    methods = json_methods()
    method = data.get("method")
    if method not in methods:
        known = ", ".join(sorted(methods))
        raise VotingError(f"unknown method {method!r}; choose one of: {known}")
    return methods[method](data)


def count_file(path: Path, method: str | None = None) -> Result:
    """Counts the election in ``path``, chosen by its extension."""
    suffix = path.suffix.lower()
    if suffix == ".pb":
        from .budget import read_pabulib_election

        return read_pabulib_election(path, method=method)
    if suffix == ".csv":
        from .lists import read_pkw_election

        return read_pkw_election(path)
    text = path.read_text(encoding="utf-8")
    return count_text(text, method=method)


def count_text(text: str, method: str | None = None) -> Result:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"not valid JSON: {exc.msg}", line=exc.lineno) from None
    if method is not None and isinstance(data, dict):
        data = {**data, "method": method}
    return count_json(data)


def render_text(result: Result) -> str:
    """Returns the result as plain text: the outcome first, then every step."""
    data = result.to_dict()
    lines = [f"Method: {data['method']}"]
    if "winners" in data:
        lines.append("Winners: " + (", ".join(data["winners"]) or "(none)"))
    if "seats" in data:
        lines.append("Seats:")
        width = max((len(name) for name in data["seats"]), default=0)
        for name, seats in sorted(data["seats"].items(), key=lambda kv: -kv[1]):
            lines.append(f"  {name:<{width}}  {seats}")
    for key, value in data["details"].items():
        lines.append(f"{key}: {_compact(value)}")
    for number, step in enumerate(data["steps"], start=1):
        lines.append(f"\nStep {number}: {step.get('kind', 'step')}")
        lines.extend(_render_step(step))
    for tie in data["ties"]:
        lines.append(f"\nTie: {_compact(tie)}")
    return "\n".join(lines) + "\n"


def _render_step(step: dict[str, Any]) -> list[str]:
    if step.get("kind") == "quotient_table":
        return _render_quotients(step)
    return [
        f"  {key}: {_compact(value)}" for key, value in step.items() if key != "kind"
    ]


def _render_quotients(step: dict[str, Any]) -> list[str]:
    """Returns the quotient table as aligned columns; won quotients carry their seat."""
    header = ["list", "votes", *(f"/{_number(d)}" for d in step["divisors"])]
    rows = [header]
    for row in step["rows"]:
        cells = [row["list"], str(row["votes"])]
        for quotient, seat in zip(row["quotients"], row["seat_numbers"], strict=True):
            mark = f" [{seat}]" if seat is not None else ""
            cells.append(f"{_number(quotient)}{mark}")
        rows.append(cells)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [
        "  " + "  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True))
        for r in rows
    ]
    return [*lines, "  [n] = the quotient won seat n"]


def _number(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"
    return str(int(value)) if isinstance(value, float) else str(value)


def _compact(value: Any) -> str:
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(jsonable(value), ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulations.voting",
        description="Count an election and explain the count step by step.",
    )
    parser.add_argument(
        "file", nargs="?", help="a .json, .pb or PKW .csv file (else standard input)"
    )
    parser.add_argument("--format", choices=["json", "text"], default="json")
    parser.add_argument("--method", help="override the method named in the input")
    args = parser.parse_args(argv)
    try:
        if args.file:
            result = count_file(Path(args.file), method=args.method)
        else:
            result = count_text(sys.stdin.read(), method=args.method)
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    except VotingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_text(result), end="")
    return 0
