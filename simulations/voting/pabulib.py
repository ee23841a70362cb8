"""Reads and writes participatory-budget elections in the pabulib ``.pb`` format.

A ``.pb`` file holds three sections, each a title line (``META``, ``PROJECTS``,
``VOTES``) followed by a header line and semicolon-separated rows; a field holding a
semicolon or a double quote is quoted the CSV way (``"a;b"``, a quote inside doubled).
The format is described at pabulib.org and in Faliszewski et al., "Participatory
Budgeting: Data, Tools and Analysis" (IJCAI 2023).

Reading gives plain data: an :class:`Instance` (the META keys, the projects with their
costs, names and any other columns, the budget) and a list of :class:`Ballot` (one per
voter, keeping the voter id). Writing that data and reading it again gives equal data.
A malformed file raises :class:`~simulations.voting.base.FileFormatError` naming the
line and, where one is at fault, the column.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from .base import FileFormatError, VotingError

Number = int | Fraction

SECTIONS = ("META", "PROJECTS", "VOTES")
VOTE_TYPES = ("approval", "choose-1", "ordinal", "cumulative", "scoring")
APPROVAL_VOTE_TYPES = ("approval", "choose-1")
POINT_VOTE_TYPES = ("cumulative", "scoring")

_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?", re.ASCII)


@dataclass
class Project:
    """A project on the ballot; ``extra`` keeps every other column as written."""

    project_id: str
    cost: Number
    name: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Instance:
    """What was voted on: the META keys, the projects (by id, in file order) and the
    budget to share out."""

    meta: dict[str, str]
    projects: dict[str, Project]
    budget: Number

    @property
    def vote_type(self) -> str:
        """Returns the kind of ballot: approval, choose-1, ordinal, cumulative or
        scoring."""
        return self.meta["vote_type"]


@dataclass
class Ballot:
    """One voter's ballot.

    ``projects`` lists the project ids as the file gives them: the approved projects
    (approval, choose-1), the ranking from most to least preferred (ordinal) or the
    scored projects (cumulative, scoring), whose ``points`` follow in the same order.
    ``extra`` keeps every other column (age, district, ...) as written.
    """

    voter_id: str
    projects: tuple[str, ...]
    points: tuple[Number, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def approved(self) -> frozenset[str]:
        """Returns the set of projects the ballot names."""
        return frozenset(self.projects)

    @property
    def ranking(self) -> tuple[str, ...]:
        """Returns the projects from most to least preferred."""
        return self.projects

    @property
    def scores(self) -> dict[str, Number]:
        """Returns the points the ballot gives each project it names."""
        return dict(zip(self.projects, self.points, strict=True))


def parse_number(text: str) -> Number:
    """Returns ``text`` as an exact number: an ``int`` or a decimal ``Fraction``.

    A comma is read as a decimal point, as in some Polish files (``"1234,50"``).
    Raises ``ValueError`` for anything else.
    """
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"{text!r} is not a number")
    if text.lstrip("-").isdigit():
        return int(text)
    value = Fraction(text.replace(",", "."))
    return value.numerator if value.denominator == 1 else value


def format_number(value: Number) -> str:
    """Returns ``value`` written as a decimal, exactly.

    Raises :class:`VotingError` for a fraction with no finite decimal form (1/3).
    """
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    rest, twos, fives = value.denominator, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest != 1:
        raise VotingError(f"{value} has no exact decimal form")
    digits = max(twos, fives)
    scaled = abs(value.numerator * 10**digits // value.denominator)
    whole, decimals = divmod(scaled, 10**digits)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}.{decimals:0{digits}d}"


class _Reader:
    """Reads the rows of one file, section by section, keeping the line number."""

    def __init__(self) -> None:
        self.section: str | None = None
        self.header: list[str] | None = None
        self.line = 0
        self.meta: dict[str, str] = {}
        self.projects: dict[str, Project] = {}
        self.ballots: list[Ballot] = []
        self.voter_ids: set[str] = set()

    def error(self, message: str, column: str | None = None) -> FileFormatError:
        return FileFormatError(message, line=self.line, column=column)

    def feed(self, row: list[str], line: int) -> None:
        self.line = line
        row = [value.strip() for value in row]
        if not any(row):
            return
        if len(row) == 1 and row[0].upper() in SECTIONS:
            self.start_section(row[0].upper())
        elif self.section is None:
            raise self.error("the file must start with a META section")
        elif self.header is None:
            self.read_header(row)
        else:
            self.read_row(row)

    def start_section(self, name: str) -> None:
        position = SECTIONS.index(self.section) + 1 if self.section else 0
        expected = SECTIONS[position] if position < len(SECTIONS) else "no section"
        if name != expected:
            raise self.error(f"section {name} found where {expected} was expected")
        if self.header is None and self.section is not None:
            raise self.error(f"section {self.section} has no header line")
        if name == "PROJECTS":
            self.check_meta()
        self.section, self.header = name, None

    def read_header(self, row: list[str]) -> None:
        if len(set(row)) != len(row):
            raise self.error(f"a column name appears twice in {row}")
        required = {
            "META": ["key", "value"],
            "PROJECTS": ["project_id", "cost"],
            "VOTES": ["voter_id", "vote"],
        }[self.section]
        if self.section == "VOTES" and self.meta["vote_type"] in POINT_VOTE_TYPES:
            required = [*required, "points"]
        missing = [name for name in required if name not in row]
        if missing:
            raise self.error(f"the {self.section} header lacks {', '.join(missing)}")
        if self.section == "META" and row != ["key", "value"]:
            raise self.error("the META header must be exactly key;value")
        self.header = row

    def fields(self, row: list[str]) -> dict[str, str]:
        if len(row) != len(self.header):
            raise self.error(
                f"expected {len(self.header)} fields ({';'.join(self.header)}), "
                f"found {len(row)}"
            )
        return dict(zip(self.header, row, strict=True))

    def read_row(self, row: list[str]) -> None:
        values = self.fields(row)
        if self.section == "META":
            self.read_meta(values)
        elif self.section == "PROJECTS":
            self.read_project(values)
        else:
            self.read_ballot(values)

    def read_meta(self, values: dict[str, str]) -> None:
        key = values["key"]
        if not key:
            raise self.error("empty key", column="key")
        if key in self.meta:
            raise self.error(f"the key {key!r} appears twice", column="key")
        self.meta[key] = values["value"]

    def check_meta(self) -> None:
        for key in ("budget", "vote_type"):
            if key not in self.meta:
                raise self.error(f"META lacks the key {key!r}")
        if self.meta["vote_type"] not in VOTE_TYPES:
            raise self.error(
                f"unknown vote_type {self.meta['vote_type']!r}; expected one of "
                f"{', '.join(VOTE_TYPES)}"
            )
        self.number(self.meta["budget"], "budget", minimum=0)

    def number(self, text: str, column: str, *, minimum: int | None = None) -> Number:
        try:
            value = parse_number(text)
        except ValueError:
            raise self.error(f"{text!r} is not a number", column=column) from None
        if minimum is not None and value < minimum:
            raise self.error(f"{text} is below {minimum}", column=column)
        return value

    def read_project(self, values: dict[str, str]) -> None:
        project_id = values.pop("project_id")
        if not project_id or "," in project_id:
            raise self.error(
                f"{project_id!r} is not a usable project id (empty or with a comma)",
                column="project_id",
            )
        if project_id in self.projects:
            raise self.error(f"project {project_id!r} appears twice", "project_id")
        cost = self.number(values.pop("cost"), "cost", minimum=0)
        name = values.pop("name", "")
        self.projects[project_id] = Project(project_id, cost, name, values)

    def read_ballot(self, values: dict[str, str]) -> None:
        voter_id = values.pop("voter_id")
        if not voter_id:
            raise self.error("empty voter id", column="voter_id")
        if voter_id in self.voter_ids:
            raise self.error(f"voter {voter_id!r} appears twice", column="voter_id")
        self.voter_ids.add(voter_id)
        projects = self.vote(values.pop("vote"))
        points: tuple[Number, ...] = ()
        if self.meta["vote_type"] in POINT_VOTE_TYPES:
            points = self.points(values.pop("points"), len(projects))
        self.ballots.append(Ballot(voter_id, projects, points, values))

    def vote(self, text: str) -> tuple[str, ...]:
        projects = tuple(item.strip() for item in text.split(",")) if text else ()
        for project_id in projects:
            if project_id not in self.projects:
                raise self.error(f"unknown project {project_id!r}", column="vote")
        if len(set(projects)) != len(projects):
            raise self.error("a project is named twice", column="vote")
        return projects

    def points(self, text: str, count: int) -> tuple[Number, ...]:
        items = [item for item in text.split(",") if item.strip()] if text else []
        if len(items) != count:
            raise self.error(
                f"{len(items)} points for {count} projects", column="points"
            )
        return tuple(self.number(item, "points") for item in items)

    def finish(self) -> tuple[Instance, list[Ballot]]:
        if self.section != "VOTES" or self.header is None:
            raise self.error("the file ends before its VOTES section")
        budget = parse_number(self.meta["budget"])
        return Instance(self.meta, self.projects, budget), self.ballots


def parse_pabulib(text: str) -> tuple[Instance, list[Ballot]]:
    """Returns the instance and the ballots written in ``text`` (a whole ``.pb``
    file)."""
    reader = _Reader()
    rows = csv.reader(
        io.StringIO(text.removeprefix("\ufeff")),
        delimiter=";",
        skipinitialspace=True,
        strict=True,
    )
    # A quoted field may span lines: a row is reported by the line it starts on.
    start = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return reader.finish()
        except csv.Error as error:
            message = f"unreadable quoting ({error})"
            raise FileFormatError(message, line=start) from None
        reader.feed(row, start)
        start = rows.line_num + 1


def read_pabulib(path: str | Path) -> tuple[Instance, list[Ballot]]:
    """Returns the instance and the ballots of the ``.pb`` file at ``path``."""
    return parse_pabulib(Path(path).read_text(encoding="utf-8-sig"))


def _meta_rows(instance: Instance) -> Iterable[list[str]]:
    meta = dict(instance.meta)
    try:
        same_budget = parse_number(meta.get("budget", "")) == instance.budget
    except ValueError:
        same_budget = False
    if not same_budget:
        # Keep the file's own spelling ("1000.50") unless the budget was changed.
        meta["budget"] = format_number(instance.budget)
    yield ["key", "value"]
    yield from ([key, value] for key, value in meta.items())


def _project_rows(instance: Instance) -> Iterable[list[str]]:
    extra_columns = _columns(project.extra for project in instance.projects.values())
    yield ["project_id", "cost", "name", *extra_columns]
    for project in instance.projects.values():
        if "," in project.project_id:
            raise VotingError(f"project id {project.project_id!r} has a comma")
        extra = [project.extra.get(column, "") for column in extra_columns]
        yield [project.project_id, format_number(project.cost), project.name, *extra]


def _ballot_rows(instance: Instance, ballots: list[Ballot]) -> Iterable[list[str]]:
    with_points = instance.vote_type in POINT_VOTE_TYPES
    extra_columns = _columns(ballot.extra for ballot in ballots)
    yield ["voter_id", "vote", *(["points"] if with_points else []), *extra_columns]
    for ballot in ballots:
        row = [ballot.voter_id, ",".join(ballot.projects)]
        if with_points:
            row.append(",".join(format_number(value) for value in ballot.points))
        yield row + [ballot.extra.get(column, "") for column in extra_columns]


def _columns(extras: Iterable[dict[str, str]]) -> list[str]:
    """Returns the extra column names in order of first appearance."""
    columns: dict[str, None] = {}
    for extra in extras:
        columns.update(dict.fromkeys(extra))
    return list(columns)


def format_pabulib(instance: Instance, ballots: list[Ballot]) -> str:
    """Returns the ``.pb`` text for ``instance`` and ``ballots``.

    Columns come as ``project_id;cost;name`` then the extra columns, and
    ``voter_id;vote`` (``;points``) then the extra columns.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    sections = (
        _meta_rows(instance),
        _project_rows(instance),
        _ballot_rows(instance, ballots),
    )
    for title, rows in zip(SECTIONS, sections, strict=True):
        out.write(f"{title}\n")
        writer.writerows(rows)
    return out.getvalue()


def write_pabulib(instance: Instance, ballots: list[Ballot], path: str | Path) -> None:
    """Writes ``instance`` and ``ballots`` to ``path`` as a UTF-8 ``.pb`` file."""
    Path(path).write_text(format_pabulib(instance, ballots), encoding="utf-8")


# What the counting methods need from a file


def costs(instance: Instance) -> dict[str, Number]:
    """Returns ``{project id: cost}`` in file order."""
    return {name: project.cost for name, project in instance.projects.items()}


def selected(instance: Instance) -> list[str]:
    """Returns the projects the file's ``selected`` column marks as funded (``1``)."""
    return [
        name
        for name, project in instance.projects.items()
        if project.extra.get("selected") == "1"
    ]


def approval_groups(
    instance: Instance, ballots: Iterable[Ballot]
) -> dict[tuple[str, ...], int]:
    """Returns ``{projects named: voters}``, each set of projects in file order."""
    position = {name: index for index, name in enumerate(instance.projects)}
    groups: Counter[tuple[str, ...]] = Counter()
    for ballot in ballots:
        groups[tuple(sorted(ballot.projects, key=position.__getitem__))] += 1
    return dict(groups)


def ranking_groups(ballots: Iterable[Ballot]) -> dict[tuple[str, ...], int]:
    """Returns ``{ranking: voters}``."""
    return dict(Counter(ballot.ranking for ballot in ballots))


def ordinal_points(instance: Instance, ballots: Iterable[Ballot]) -> tuple[int, ...]:
    """Returns the points an ordinal ballot gives by position: ``max_length`` (or
    the longest ranking) for a first choice, down to 1 for the last place."""
    longest = max((len(ballot.ranking) for ballot in ballots), default=0)
    try:
        length = int(instance.meta.get("max_length") or 0)
    except ValueError:
        message = "the META key max_length must be a whole number"
        raise VotingError(message) from None
    return tuple(range(max(length, longest), 0, -1))


def point_totals(instance: Instance, ballots: Iterable[Ballot]) -> dict[str, Number]:
    """Returns the points each project got on cumulative or scoring ballots."""
    totals: dict[str, Number] = dict.fromkeys(instance.projects, 0)
    for ballot in ballots:
        for name, value in zip(ballot.projects, ballot.points, strict=True):
            totals[name] += value
    return totals
