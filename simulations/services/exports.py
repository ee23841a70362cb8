"""Results as files: counts as CSV and XLSX, the ballot list as CSV and JSON.

Every file holds only what the results page shows to the same person: the counts
per contest and level (classes and schools merged by the same privacy rule), and
the ballot list once it is published. A cell that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
written with a leading apostrophe, so a candidate named ``=HYPERLINK(...)`` stays
text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from simulations import selectors
from simulations.models import Election, Option
from simulations.services.levels import CONTEST, level_tally
from simulations.services.tally import election_tally
from youth_civics import codes

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Returns ``value`` as a spreadsheet may hold it without running it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _header() -> list[str]:
    return [
        _("Contest"),
        _("Level"),
        _("Unit"),
        _("Ballots"),
        _("Valid"),
        _("Blank"),
        _("Spoiled"),
        _("Option"),
        _("Votes"),
        _("Seats or elected"),
    ]


def _level_name(level: str) -> str:
    names = {
        CONTEST: _("Contest"),
        "class": _("Class"),
        "school": _("School"),
        "constituency": _("Constituency"),
        "city": _("City"),
    }
    return names[level]


def count_rows(*, election: Election, level: str = CONTEST) -> list[list]:
    """Returns one row per option and unit of ``level`` (``contest``: the whole
    contest with its seats or winners)."""
    if level == CONTEST:
        return _contest_rows(election)
    rows = []
    tally = level_tally(election=election, level=level)
    others = _("Other classes together") if level == "class" else _("Others together")
    for contest, table in tally.tables:
        for unit in table:
            name = contest.name if contest else election.title
            label = unit.label or others
            rows.extend(_unit_rows(name, _level_name(level), label, unit.count, {}))
    return rows


def _contest_rows(election: Election) -> list[list]:
    tally = election_tally(election=election)
    rows = []
    for contest, count in zip(election.contests.all(), tally.contests, strict=True):
        outcome = {}
        if count.result is not None:
            outcome = dict(count.result.seats or {})
            for winner in count.result.winners or []:
                outcome[winner] = outcome.get(winner, 0) or 1
        rows.extend(
            _unit_rows(contest.name, _level_name(CONTEST), contest.name, count, outcome)
        )
    return rows


def _unit_rows(contest, level, unit, count, outcome) -> list[list]:
    head = [contest, level, unit, count.total, count.valid, count.blank, count.spoiled]
    rows = [
        [*head, name, votes, outcome.get(name, 0)]
        for name, votes in count.votes.items()
    ]
    for candidates in count.candidate_votes.values():
        rows.extend(
            [*head, name, votes, outcome.get(name, 0)]
            for name, votes in candidates.items()
        )
    return rows


def counts_csv(*, election: Election, level: str = CONTEST) -> str:
    """Returns the counts at ``level`` as CSV text (a header, then one row per
    option and unit)."""
    return _csv([_header(), *count_rows(election=election, level=level)])


def _csv(rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def counts_xlsx(*, election: Election, levels: Sequence[str]) -> bytes:
    """Returns a workbook with one sheet per level, as the CSV has them."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for level in levels:
        sheet = book.create_sheet(_level_name(level)[:31])
        sheet.append(_header())
        for row in count_rows(election=election, level=level):
            sheet.append([safe_cell(cell) for cell in row])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _ballot_rows(election: Election) -> list[dict]:
    labels = dict(
        Option.objects.filter(contest__election=election).values_list("pk", "name")
    )
    ballots = selectors.published_ballots(election).select_related("contest")
    return [
        {
            "tracker": codes.display(ballot.tracker),
            "contest": ballot.contest.name,
            "contest_id": ballot.contest_id,
            "status": ballot.status,
            "choices": ballot.choices,
            "names": _names(ballot.choices, labels),
        }
        for ballot in ballots
    ]


def _names(choices: dict, labels: dict[int, str]) -> list[str]:
    ids = (
        choices.get("ranking")
        or choices.get("marks")
        or [choices[k] for k in ("list", "candidate", "mark") if k in choices]
    )
    return [labels.get(i, "?") for i in ids]


def ballots_json(*, election: Election) -> str:
    """Returns the published ballot list as JSON: every ballot's tracker,
    contest, status, choices (option ids) and the names they stand for, with
    the options of each contest, so anyone can count them again."""
    options = Option.objects.filter(contest__election=election).values(
        "pk", "contest_id", "name", "party_list_id"
    )
    document = {
        "election": election.title,
        "public_id": str(election.public_id),
        "contests": [
            {
                "id": c.pk,
                "name": c.name,
                "method": c.method,
                "seats": c.seats,
                "seed": c.seed,
            }
            for c in election.contests.all()
        ],
        "options": [
            {
                "id": o["pk"],
                "contest": o["contest_id"],
                "name": o["name"],
                "list": o["party_list_id"],
            }
            for o in options
        ],
        "ballots": _ballot_rows(election),
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def ballots_csv(*, election: Election) -> str:
    """Returns the published ballot list as CSV: tracker, contest, status, the
    choices as JSON and the names they stand for, in order."""
    header = [_("Tracker"), _("Contest"), _("Status"), _("Choices"), _("Names")]
    rows = [
        [
            row["tracker"],
            row["contest"],
            row["status"],
            json.dumps(row["choices"], sort_keys=True),
            " | ".join(row["names"]),
        ]
        for row in _ballot_rows(election)
    ]
    return _csv([header, *rows])
