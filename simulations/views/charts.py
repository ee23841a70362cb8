"""Geometry of the results charts: seat hemicycles, turnout bars and paired bars.

Plain Python, no Django: each function returns the shapes a template draws as an
SVG. Coordinates are strings with a dot, formatted here, so that no locale turns
one into "12,5". Colour is never the only signal: every list also has its own
marker shape, the legend names it, and a table gives the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Okabe-Ito colours, told apart by people with any common colour-vision
# deficiency, then a few darker ones for long ballots.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#8C564B",
    "#7F7F7F",
    "#6A3D9A",
)
SHAPES = ("circle", "square", "diamond", "triangle", "triangle-down")
HEMICYCLE_WIDTH = 600
HEMICYCLE_HEIGHT = 320
INNER = 0.4


def _n(value: float) -> str:
    return f"{value:.1f}"


def rows_for(seats: int) -> int:
    """Returns how many rows of seats a house of ``seats`` gets."""
    return max(1, math.ceil(math.sqrt(seats) / 2.2))


def _row_sizes(seats: int, rows: int) -> list[int]:
    """Shares the seats out among the rows in proportion to their length, by
    largest remainder, so outer rows hold more."""
    radii = [INNER + (1 - INNER) * i / max(1, rows - 1) for i in range(rows)]
    if rows == 1:
        radii = [1.0]
    total = sum(radii)
    exact = [seats * r / total for r in radii]
    sizes = [math.floor(x) for x in exact]
    order = sorted(range(rows), key=lambda i: -(exact[i] - sizes[i]))
    for i in order[: seats - sum(sizes)]:
        sizes[i] += 1
    return sizes


def seat_positions(seats: int) -> tuple[list[tuple[float, float]], float]:
    """Returns each seat's centre on the unit half-disc, from the left end of
    the arc to the right, and a seat's radius."""
    rows = rows_for(seats)
    sizes = _row_sizes(seats, rows)
    points = []
    for i, size in enumerate(sizes):
        radius = 1.0 if rows == 1 else INNER + (1 - INNER) * i / (rows - 1)
        for j in range(size):
            angle = math.pi * (1 - (j + 0.5) / size) if size > 1 else math.pi / 2
            points.append((angle, radius))
    points.sort(key=lambda p: (-p[0], p[1]))
    spacing = (1 - INNER) / rows if rows > 1 else 0.3
    arc = math.pi * INNER / max(1, sizes[0]) if rows > 1 else math.pi / seats
    size = min(spacing, arc) * 0.42
    return [(r * math.cos(a), r * math.sin(a)) for a, r in points], size


@dataclass(frozen=True)
class Seat:
    x: str
    y: str
    shape: str
    path: str


@dataclass(frozen=True)
class Party:
    name: str
    seats: int
    colour: str
    shape: str
    marker: str
    seat_list: list[Seat]


def _marker(shape: str, x: float, y: float, r: float) -> str:
    """Returns an SVG path of ``shape`` centred on (x, y)."""
    if shape == "circle":
        return (
            f"M{_n(x - r)} {_n(y)}a{_n(r)} {_n(r)} 0 1 0 {_n(2 * r)} 0"
            f"a{_n(r)} {_n(r)} 0 1 0 {_n(-2 * r)} 0z"
        )
    if shape == "square":
        s = r * 0.9
        return f"M{_n(x - s)} {_n(y - s)}h{_n(2 * s)}v{_n(2 * s)}h{_n(-2 * s)}z"
    if shape == "diamond":
        return (
            f"M{_n(x)} {_n(y - r)}L{_n(x + r)} {_n(y)}L{_n(x)} {_n(y + r)}"
            f"L{_n(x - r)} {_n(y)}z"
        )
    sign = 1 if shape == "triangle" else -1
    return (
        f"M{_n(x)} {_n(y - sign * r)}L{_n(x + r)} {_n(y + sign * r * 0.8)}"
        f"L{_n(x - r)} {_n(y + sign * r * 0.8)}z"
    )


def hemicycle(seats: Mapping[str, int]) -> dict | None:
    """Returns a seat hemicycle: one marker per seat, each list's seats together
    from the left, the largest list first; None when no seat was won."""
    parties = [(name, n) for name, n in seats.items() if n > 0]
    parties.sort(key=lambda item: -item[1])
    total = sum(n for _, n in parties)
    if not total:
        return None
    points, size = seat_positions(total)
    cx, cy = HEMICYCLE_WIDTH / 2, HEMICYCLE_HEIGHT - 10
    scale = HEMICYCLE_WIDTH / 2 - 14
    r = max(2.0, size * scale)
    drawn, start = [], 0
    for index, (name, count) in enumerate(parties):
        shape = SHAPES[index % len(SHAPES)]
        seat_list = []
        for px, py in points[start : start + count]:
            x, y = cx + px * scale, cy - py * scale
            seat_list.append(Seat(_n(x), _n(y), shape, _marker(shape, x, y, r)))
        start += count
        drawn.append(
            Party(
                name=name,
                seats=count,
                colour=PALETTE[index % len(PALETTE)],
                shape=shape,
                marker=_marker(shape, 10, 10, 7),
                seat_list=seat_list,
            )
        )
    return {
        "parties": drawn,
        "total": total,
        "majority": total // 2 + 1,
        "width": HEMICYCLE_WIDTH,
        "height": HEMICYCLE_HEIGHT,
        "centre_x": _n(cx),
        "label_y": _n(cy - 4),
    }


# Turnout and comparisons -----------------------------------------------------------

BAR_HEIGHT = 28
LABEL_WIDTH = 200
LONGEST_BAR = 300


@dataclass(frozen=True)
class TurnoutBar:
    label: str
    voted: int
    eligible: int
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
        return LABEL_WIDTH + LONGEST_BAR + 8


def turnout_chart(rows: Sequence[tuple[str, int, int]]) -> dict:
    """Returns turnout bars: for each (label, voted, eligible) a track as long as
    the electorate and a bar as long as the share that voted."""
    bars = []
    for index, (label, voted, eligible) in enumerate(rows):
        share = voted / eligible if eligible else 0.0
        bars.append(
            TurnoutBar(
                label=label,
                voted=voted,
                eligible=eligible,
                percent=100 * share,
                width=round(LONGEST_BAR * min(share, 1.0)),
                y=index * BAR_HEIGHT,
            )
        )
    return {
        "bars": bars,
        "height": max(1, len(bars)) * BAR_HEIGHT,
        "width": LABEL_WIDTH + LONGEST_BAR + 120,
        "label_width": LABEL_WIDTH,
        "track": LONGEST_BAR,
        "bar_height": BAR_HEIGHT - 8,
    }


@dataclass(frozen=True)
class PairedBar:
    label: str
    first: float
    second: float
    first_width: int
    second_width: int
    y: int

    @property
    def first_y(self) -> int:
        return self.y + 4

    @property
    def second_y(self) -> int:
        return self.y + 18

    @property
    def text_y(self) -> int:
        return self.y + 20

    @property
    def first_x(self) -> int:
        return LABEL_WIDTH + self.first_width + 6

    @property
    def second_x(self) -> int:
        return LABEL_WIDTH + self.second_width + 6


def paired_bars(rows: Sequence[tuple[str, float, float]]) -> dict:
    """Returns two bars per row (per cent shares, e.g. the pupils' and the real
    result), scaled to the largest share."""
    top = max([max(a, b) for _, a, b in rows] or [0]) or 1
    pairs = [
        PairedBar(
            label=label,
            first=a,
            second=b,
            first_width=round(LONGEST_BAR * a / top),
            second_width=round(LONGEST_BAR * b / top),
            y=index * 40,
        )
        for index, (label, a, b) in enumerate(rows)
    ]
    return {
        "bars": pairs,
        "height": max(1, len(pairs)) * 40,
        "width": LABEL_WIDTH + LONGEST_BAR + 80,
        "label_width": LABEL_WIDTH,
    }
