"""Pupils' mock Sejm election beside the real one (PKW results).

The teacher imports the PKW's per-constituency results file (the format of
``simulations.voting.pkw``). The whole file is needed, since the thresholds are
counted on the national totals: the Sejm rules run on it, and each contest of
the mock election keeps its constituency's real votes and the seats each
committee really won there. The comparison then sets the pupils' shares and seats
(counted under the same rules) beside the real ones.

Pupils' lists are matched to committees by name: the full name as the PKW writes
it or the short name after "Komitet Wyborczy", ignoring case, quotes and spaces.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from simulations import selectors
from simulations.models import Contest, Election, ElectionKind, RealResult
from simulations.voting import VotingError
from simulations.voting.base import FileFormatError
from simulations.voting.pkw import QUOTES, parse_constituency_results
from simulations.voting.presets import run_sejm

MAX_FILE_BYTES = 2_000_000


def _check(by, election: Election) -> None:
    if not selectors.user_manages(by, election):
        raise PermissionDenied
    if election.kind != ElectionKind.SEJM:
        raise ValidationError(
            _("Real results can be compared only with a mock Sejm election."),
            code="not_sejm",
        )


def _text(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is larger than 2 MB; a PKW results file is much smaller."),
            code="too_large",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1250")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The file is not text in UTF-8 or Windows-1250."), code="encoding"
            ) from None


def _format_error(error: FileFormatError) -> ValidationError:
    if error.line is not None and error.column is not None:
        message = _("Line %(line)s, column “%(column)s”: %(problem)s")
    elif error.line is not None:
        message = _("Line %(line)s: %(problem)s")
    else:
        message = _("The file cannot be read: %(problem)s")
    problem = str(error).split(": ", 1)[-1] if error.line is not None else str(error)
    return ValidationError(
        message,
        code="file_format",
        params={"line": error.line, "column": error.column, "problem": problem},
    )


@transaction.atomic
def real_result_import(
    *, by, election: Election, data: bytes, source: str
) -> list[RealResult]:
    """Stores, for each constituency of a mock Sejm election, the real result in
    the PKW file ``data``. Raises ``ValidationError`` naming the line and column
    of a malformed file; nothing is stored then."""
    _check(by, election)
    try:
        results = parse_constituency_results(_text(data), source=source)
        real = run_sejm(results)
    except FileFormatError as error:
        raise _format_error(error) from None
    except VotingError as error:
        raise ValidationError(
            _("The file cannot be counted: %(problem)s"),
            code="not_countable",
            params={"problem": str(error)},
        ) from None
    rows = {c.number: c for c in results.constituencies}
    contests = list(election.contests.exclude(constituency_number=None))
    if missing := [
        c.constituency_number for c in contests if c.constituency_number not in rows
    ]:
        raise ValidationError(
            _("The file has no row for constituency %(numbers)s."),
            code="missing_constituency",
            params={"numbers": ", ".join(map(str, missing))},
        )
    short = results.short_names()
    stored = []
    for contest in contests:
        row = rows[contest.constituency_number]
        seats = real.details["constituencies"][str(contest.constituency_number)]
        stored.append(_store(by, contest, row, seats, short, source))
    return stored


def _store(by, contest: Contest, row, seats, short, source: str) -> RealResult:
    result, _created = RealResult.objects.update_or_create(
        contest=contest,
        defaults={
            "source": source[:200],
            "valid_votes": row.valid_votes,
            "votes": dict(row.votes),
            "seats": {name: seats.get(name, 0) for name in row.votes},
            "short_names": {name: short.get(name, name) for name in row.votes},
            "imported_by": by,
        },
    )
    return result


def real_result_remove(*, by, election: Election) -> None:
    """Forgets the imported real results of ``election``."""
    _check(by, election)
    RealResult.objects.filter(contest__election=election).delete()


# The comparison (plain data) ----------------------------------------------------


def _key(name: str) -> str:
    return " ".join(name.strip(QUOTES).casefold().split())


@dataclass(frozen=True)
class ComparisonRow:
    """One committee: the pupils' list that matches it (or None), their votes,
    shares in per cent and seats, beside the real ones."""

    committee: str
    short_name: str
    pupils_list: str | None
    pupils_votes: int
    pupils_share: float
    pupils_seats: int | None
    real_votes: int
    real_share: float
    real_seats: int

    @property
    def difference(self) -> float:
        return self.pupils_share - self.real_share


@dataclass(frozen=True)
class Comparison:
    constituency: str
    source: str
    rows: list[ComparisonRow]
    unmatched: list[tuple[str, int]]
    pupils_valid: int
    real_valid: int


def compare(
    *,
    constituency: str,
    real: RealResult,
    votes: dict[str, int],
    seats: dict[str, int] | None,
) -> Comparison:
    """Returns the pupils' ``votes`` (and ``seats``) per list beside ``real``."""
    pupils_valid = sum(votes.values())
    by_key = {_key(name): name for name in votes}
    rows, matched = [], set()
    for committee, real_votes in sorted(real.votes.items(), key=lambda kv: -kv[1]):
        short = real.short_names.get(committee, committee)
        mine = by_key.get(_key(committee)) or by_key.get(_key(short))
        if mine:
            matched.add(mine)
        n = votes.get(mine, 0) if mine else 0
        rows.append(
            ComparisonRow(
                committee=committee,
                short_name=short,
                pupils_list=mine,
                pupils_votes=n,
                pupils_share=100 * n / pupils_valid if pupils_valid else 0.0,
                pupils_seats=(seats or {}).get(mine, 0) if mine else None,
                real_votes=real_votes,
                real_share=100 * real_votes / real.valid_votes
                if real.valid_votes
                else 0.0,
                real_seats=real.seats.get(committee, 0),
            )
        )
    unmatched = [(name, n) for name, n in votes.items() if name not in matched]
    return Comparison(
        constituency, real.source, rows, unmatched, pupils_valid, real.valid_votes
    )
