"""Reader for the National Electoral Commission's (PKW) Sejm results per constituency.

The PKW publishes, for every Sejm election, one CSV row per constituency: its
number, protocol figures, the valid votes for all lists and one column per
electoral committee. The files differ by year (commas in 2011, semicolons later, a
byte order mark on some, ``-`` or an empty cell where a committee had no list, a
``"1 - "`` number before committee names in 2015), so columns are found by their
headers, never by position.

Committees are classified by name: a coalition when the name starts with
"Koalicyjny Komitet Wyborczy" (8% threshold, Electoral Code art. 196 § 2), the
German Minority ("Mniejszość Niemiecka") as a national minority (exempt from the
threshold, art. 197 § 1), a party otherwise.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .base import FileFormatError
from .lists import COALITION, MINORITY, PARTY

ABSENT = {"", "-"}
NUMBER_HEADER = re.compile(r"^(nr|numer)?\s*okr")
VALID_VOTES_HEADER = ("ważnych", "wszystkie listy")
COMMITTEE_HEADER = "komitet wyborczy"
LIST_NUMBER = re.compile(r"^\d+\s*-\s*")
QUOTES = "„”\"' "


@dataclass(frozen=True)
class Committee:
    """An electoral committee as the file names it, with its kind and short name."""

    name: str
    kind: str
    short_name: str


@dataclass(frozen=True)
class ConstituencyResult:
    """The valid votes in one constituency and the votes of each list standing."""

    number: int
    valid_votes: int
    votes: dict[str, int]


@dataclass(frozen=True)
class PkwResults:
    """The results of one Sejm election, constituency by constituency."""

    committees: list[Committee]
    constituencies: list[ConstituencyResult]
    source: str = ""
    kinds: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        kinds = {c.name: c.kind for c in self.committees}
        object.__setattr__(self, "kinds", kinds)

    def national_totals(self) -> dict[str, int]:
        """Returns the votes per committee over all constituencies."""
        totals = dict.fromkeys((c.name for c in self.committees), 0)
        for constituency in self.constituencies:
            for name, count in constituency.votes.items():
                totals[name] += count
        return totals

    def total_valid(self) -> int:
        """Returns the valid votes for all lists in the country."""
        return sum(c.valid_votes for c in self.constituencies)

    def short_names(self) -> dict[str, str]:
        return {c.name: c.short_name for c in self.committees}


def classify_committee(name: str) -> str:
    """Returns ``"coalition"``, ``"minority"`` or ``"party"`` for a committee name."""
    folded = name.casefold()
    if folded.startswith("koalicyjny komitet wyborczy"):
        return COALITION
    # Some files cut names short ("Mniejszość Niemie"), hence the prefix.
    if "mniejszość niem" in folded:
        return MINORITY
    return PARTY


def short_name(name: str) -> str:
    """Returns the part of a committee name after "Komitet Wyborczy (Wyborców)"."""
    match = re.search(r"komitet wyborczy( wyborców)?\s+", name, re.IGNORECASE)
    rest = name[match.end() :] if match else name
    return rest.strip(QUOTES) or name


def committee_name(header: str) -> str:
    """Returns the committee name in a column header, without a list number."""
    return " ".join(LIST_NUMBER.sub("", header.strip()).split())


# Reading ----------------------------------------------------------------------


def read_constituency_results(path: str | Path) -> PkwResults:
    """Returns the Sejm results in a PKW per-constituency CSV file.

    Raises :class:`FileFormatError` naming the line and the column at fault.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileFormatError(f"{path.name} is not UTF-8 text ({error})") from error
    return parse_constituency_results(text, source=path.name)


def parse_constituency_results(text: str, *, source: str = "") -> PkwResults:
    """Returns the Sejm results in the text of a PKW per-constituency CSV."""
    rows = _rows(text)
    if not rows:
        raise FileFormatError(f"{source or 'the file'} is empty")
    line, header = rows[0]
    columns = _Columns.find(header, line)
    constituencies = [columns.read(row, number) for number, row in rows[1:]]
    _check_unique_constituencies(constituencies, rows[1:])
    committees = [
        Committee(name, classify_committee(name), short_name(name))
        for name in columns.committees.values()
    ]
    return PkwResults(committees, constituencies, source=source)


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """Returns the non-blank rows with their line numbers (1-based)."""
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    return [
        (line, row)
        for line, row in enumerate(reader, start=1)
        if any(cell.strip() for cell in row)
    ]


@dataclass
class _Columns:
    """Where the constituency number, the valid votes and the committees are."""

    header: list[str]
    number: int
    valid_votes: int
    committees: dict[int, str]

    @classmethod
    def find(cls, header: list[str], line: int) -> _Columns:
        folded = [cell.strip().casefold() for cell in header]
        number = _first(folded, lambda h: bool(NUMBER_HEADER.match(h)))
        valid = _first(folded, lambda h: all(w in h for w in VALID_VOTES_HEADER))
        if number is None:
            raise FileFormatError(
                "no constituency number column (a header like 'Nr okręgu')", line=line
            )
        if valid is None:
            raise FileFormatError(
                "no column of valid votes for all lists (a header like 'Liczba "
                "głosów ważnych oddanych łącznie na wszystkie listy kandydatów')",
                line=line,
            )
        committees = {
            i: committee_name(cell)
            for i, cell in enumerate(header)
            if COMMITTEE_HEADER in folded[i]
        }
        _check_committees(committees, line)
        return cls(header, number, valid, committees)

    def read(self, row: list[str], line: int) -> ConstituencyResult:
        if len(row) != len(self.header):
            raise FileFormatError(
                f"{len(row)} fields where the header has {len(self.header)}",
                line=line,
            )
        votes = {
            name: count
            for i, name in self.committees.items()
            if (count := self._count(row, i, line)) is not None
        }
        valid = self._count(row, self.valid_votes, line)
        number = self._count(row, self.number, line)
        if valid is None or number is None:
            missing = self.valid_votes if valid is None else self.number
            raise FileFormatError(
                "the cell is empty", line=line, column=self._name(missing)
            )
        if sum(votes.values()) != valid:
            raise FileFormatError(
                f"the committees' votes add up to {sum(votes.values())}, "
                f"not to the {valid} valid votes for all lists",
                line=line,
                column=self._name(self.valid_votes),
            )
        return ConstituencyResult(number, valid, votes)

    def _count(self, row: list[str], index: int, line: int) -> int | None:
        cell = row[index].strip().strip('"')
        if cell in ABSENT:
            return None
        if not cell.isdecimal():
            raise FileFormatError(
                f"{cell!r} is not a whole number", line=line, column=self._name(index)
            )
        return int(cell)

    def _name(self, index: int) -> str:
        return self.header[index].strip()


def _first(cells: Sequence[str], test: Callable[[str], bool]) -> int | None:
    return next((i for i, cell in enumerate(cells) if test(cell)), None)


def _check_committees(committees: dict[int, str], line: int) -> None:
    if not committees:
        raise FileFormatError(
            "no committee columns (headers containing 'Komitet Wyborczy')", line=line
        )
    seen: set[str] = set()
    for name in committees.values():
        if name in seen:
            raise FileFormatError(
                "two columns name this committee", line=line, column=name
            )
        seen.add(name)


def _check_unique_constituencies(
    constituencies: list[ConstituencyResult], rows: list[tuple[int, list[str]]]
) -> None:
    seen: set[int] = set()
    for constituency, (line, _) in zip(constituencies, rows, strict=True):
        if constituency.number in seen:
            raise FileFormatError(
                f"constituency {constituency.number} appears twice", line=line
            )
        seen.add(constituency.number)


# Seats per constituency -------------------------------------------------------


@dataclass(frozen=True)
class ConstituencySeats:
    """A constituency's number, seat town and number of seats."""

    number: int
    town: str
    seats: int


def read_seats_per_constituency(path: str | Path) -> list[ConstituencySeats]:
    """Returns the seats per constituency in a ``constituency;seats;seat_town`` CSV."""
    path = Path(path)
    rows = _rows(path.read_text(encoding="utf-8-sig"))
    if not rows:
        raise FileFormatError(f"{path.name} is empty")
    line, header = rows[0]
    folded = [cell.strip().casefold() for cell in header]
    where: dict[str, int] = {}
    for key in ("constituency", "seats", "seat_town"):
        if key not in folded:
            raise FileFormatError(f"no {key!r} column", line=line)
        where[key] = folded.index(key)
    return [_seats_row(row, line, where) for line, row in rows[1:]]


def _seats_row(row: list[str], line: int, where: dict[str, int]) -> ConstituencySeats:
    values: dict[str, int] = {}
    for key in ("constituency", "seats"):
        cell = row[where[key]].strip() if where[key] < len(row) else ""
        if not cell.isdecimal():
            raise FileFormatError(
                f"{cell!r} is not a whole number", line=line, column=key
            )
        values[key] = int(cell)
    town = row[where["seat_town"]].strip() if where["seat_town"] < len(row) else ""
    return ConstituencySeats(values["constituency"], town, values["seats"])
