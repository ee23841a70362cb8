"""Creating an election and changing its rules while it is a draft.

draft → open → closed → published (see ``services.lifecycle``). While an election
is a draft its rules can change: contests, options, candidacies, the electorate,
the times. From the moment it opens they cannot, so every voter votes under the
same rules; each service that changes a rule refuses with ``rules_locked``.
Services raise :class:`~django.core.exceptions.ValidationError` with a message fit
for the user and a ``code``, and :class:`~django.http.Http404` for elections the
user does not run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from school_councils import selectors as school_selectors
from school_councils.models import Classroom, District, School
from simulations.models import (
    BallotAccess,
    Contest,
    Election,
    ElectionKind,
    Electorate,
    Method,
    Quorum,
)
from simulations.services.candidates import electorate_set
from simulations.services.common import (
    check_seats,
    contest_of_draft,
    managed,
    new_contest,
    require_draft,
)
from simulations.voting.presets import PRESETS

RULE_FIELDS = ("access", "opens_at", "closes_at", "results_not_before")
DEFAULT_COUNCIL_SEATS = 3
# The method each preset's constituencies are counted by, contest by contest.
PRESET_METHODS = {
    "sejm": Method.DHONDT,
    "krakow_council": Method.DHONDT,
    "european_parliament": Method.DHONDT,
    "senate": Method.PLURALITY,
    "president": Method.TWO_ROUND,
}


# Creating an election ------------------------------------------------------------


@transaction.atomic
def election_create(
    *,
    by,
    school: School | None,
    kind: str,
    title: str,
    classrooms: Iterable[Classroom] = (),
    schools: Iterable[School] = (),
    access: str = BallotAccess.CODES,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    results_not_before: datetime | None = None,
    seats: int | None = None,
    method: str | None = None,
    quorum: str = "",
    constituencies: Sequence[int] = (),
) -> Election:
    """Creates a draft election with its contests and its electorate.

    A class representative is elected by plurality, a student council by block
    vote of ``seats`` (3 unless given); a city youth council has one seat per
    school in ``schools``; a mock election follows its preset in the chosen
    ``constituencies`` (by default the one of Kraków, or of the school's district);
    a referendum asks ``title``; a custom election counts by ``method``.
    """
    _check_may_create(by, school, kind)
    election = Election(
        school=school,
        kind=kind,
        title=title.strip(),
        access=access,
        opens_at=opens_at,
        closes_at=closes_at,
        results_not_before=results_not_before,
        created_by=by,
    )
    _check_times(election)
    _check_title(election)
    election.save()
    builder = CONTEST_BUILDERS.get(kind, _custom_contest)
    builder(election, seats=seats, method=method, quorum=quorum, numbers=constituencies)
    if kind == ElectionKind.CITY_YOUTH_COUNCIL:
        _city_council_contests(election, schools)
    else:
        electorate_set(by=by, election=election, classrooms=classrooms, schools=schools)
    return election


def _check_may_create(by, school: School | None, kind: str) -> None:
    if kind not in ElectionKind.values:
        raise ValidationError(_("Choose a kind of election."), code="kind")
    if school is None or kind == ElectionKind.CITY_YOUTH_COUNCIL:
        if school is not None or not school_selectors.is_city_coordinator(by):
            raise ValidationError(
                _("Only a city coordinator runs a city-wide election."),
                code="city_wide",
            )
    elif not school_selectors.user_is_staff_of(by, school) or (
        school_selectors.is_pupil(by)
    ):
        raise Http404


def _check_title(election: Election) -> None:
    if not election.title:
        raise ValidationError(_("Give the election a title."), code="title")


def _check_times(election: Election) -> None:
    opens, closes = election.opens_at, election.closes_at
    if opens and closes and closes <= opens:
        raise ValidationError(
            _("Voting must close after it opens."), code="closes_before_opening"
        )
    embargo = election.results_not_before
    if embargo and closes and embargo < closes:
        raise ValidationError(
            _("Results cannot be due before voting closes."), code="embargo"
        )


def _class_representative(election: Election, **_options) -> None:
    new_contest(election, name=_("Class representative"), method=Method.PLURALITY)


def _student_council(election: Election, *, seats: int | None, **_options) -> None:
    seats = seats or DEFAULT_COUNCIL_SEATS
    check_seats(seats)
    new_contest(election, name=_("Student council"), method=Method.BLOCK, seats=seats)


def _referendum(election: Election, *, quorum: str, **_options) -> None:
    new_contest(
        election,
        name=election.title,
        method=Method.REFERENDUM,
        quorum=quorum or Quorum.NONE,
    )


def _custom_contest(
    election: Election, *, seats: int | None, method: str | None, **_options
) -> None:
    if method not in Method.values:
        raise ValidationError(_("Choose a counting method."), code="method")
    check_seats(seats or 1)
    new_contest(election, name=election.title, method=method, seats=seats or 1)


def _preset_contests(election: Election, *, numbers: Sequence[int], **_opts) -> None:
    preset = PRESETS[election.kind]
    by_number = {c.number: c for c in preset.constituencies}
    chosen = list(dict.fromkeys(numbers)) or [_default_constituency(election)]
    if unknown := [n for n in chosen if n not in by_number]:
        raise ValidationError(
            _("%(name)s has no constituency %(numbers)s.")
            % {"name": preset.name, "numbers": ", ".join(map(str, unknown))},
            code="constituency",
        )
    for position, number in enumerate(chosen, start=1):
        constituency = by_number[number]
        new_contest(
            election,
            name=f"{number}. {constituency.name}",
            position=position,
            method=PRESET_METHODS[preset.key],
            # The European Parliament's seats follow the votes: each constituency
            # carries the size of the whole house, shared out nationally.
            seats=constituency.seats or preset.seats,
            constituency_number=number,
        )


def _default_constituency(election: Election) -> int:
    """Kraków's constituency, or for the city council the school's district's."""
    kraków = {"sejm": 13, "european_parliament": 10}
    if election.kind == ElectionKind.KRAKOW_COUNCIL and election.school:
        district = District(election.school.district).label
        for constituency in PRESETS["krakow_council"].constituencies:
            if district in constituency.name.split(", "):
                return constituency.number
    return kraków.get(election.kind, 1)


CONTEST_BUILDERS = {
    ElectionKind.CLASS_REPRESENTATIVE: _class_representative,
    ElectionKind.STUDENT_COUNCIL: _student_council,
    ElectionKind.REFERENDUM: _referendum,
    ElectionKind.CITY_YOUTH_COUNCIL: lambda election, **_options: None,
    **dict.fromkeys(PRESET_METHODS, _preset_contests),
}


def _city_council_contests(election: Election, schools: Iterable[School]) -> None:
    """One representative per school: a contest per school, its pupils its voters."""
    for position, school in enumerate(schools, start=1):
        contest = new_contest(
            election, name=school.name, method=Method.PLURALITY, position=position
        )
        Electorate.objects.create(election=election, school=school, contest=contest)


# Changing the rules while a draft --------------------------------------------------


@transaction.atomic
def election_update(*, by, election: Election, **fields) -> Election:
    """Changes the title, and while a draft the times and the way of voting."""
    managed(by, election)
    if set(fields) - {"title"}:
        require_draft(election)
    for name, value in fields.items():
        if name not in ("title", *RULE_FIELDS):
            raise ValidationError(
                _("%(field)s cannot be changed.") % {"field": name}, code="field"
            )
        setattr(election, name, value.strip() if name == "title" else value)
    _check_times(election)
    _check_title(election)
    election.save(update_fields=list(fields))
    return election


@transaction.atomic
def contest_add(
    *,
    by,
    election: Election,
    name: str,
    method: str,
    seats: int = 1,
    threshold: Decimal | None = None,
    coalition_threshold: Decimal | None = None,
    quorum: str = "",
) -> Contest:
    """Adds a contest (a custom race or a referendum question) to a draft."""
    managed(by, election)
    require_draft(election)
    if method not in Method.values:
        raise ValidationError(_("Choose a counting method."), code="method")
    check_seats(seats)
    for share in (threshold, coalition_threshold):
        if share is not None and not 0 <= share < 1:
            raise ValidationError(
                _("A threshold is a share from 0 up to 1, e.g. 0.05 for 5%."),
                code="threshold",
            )
    position = election.contests.count() + 1
    return new_contest(
        election,
        name=name.strip() or election.title,
        method=method,
        seats=seats,
        threshold=threshold,
        coalition_threshold=coalition_threshold,
        quorum=quorum or (Quorum.NONE if method == Method.REFERENDUM else ""),
        position=position,
    )


@transaction.atomic
def contest_update(*, by, contest: Contest, **fields) -> Contest:
    """Changes a draft contest's name, seats, thresholds or quorum."""
    contest_of_draft(by, contest)
    allowed = {"name", "seats", "threshold", "coalition_threshold", "quorum"}
    if unknown := set(fields) - allowed:
        raise ValidationError(
            _("%(field)s cannot be changed.") % {"field": ", ".join(sorted(unknown))},
            code="field",
        )
    if "seats" in fields:
        check_seats(fields["seats"])
    for name, value in fields.items():
        setattr(contest, name, value)
    contest.save(update_fields=list(fields))
    return contest
