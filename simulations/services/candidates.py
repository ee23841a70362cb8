"""Who is on the ballot and who votes: options, candidacies and the electorate.

All of them are rules of the election, so they change only while it is a draft.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from school_councils import selectors as school_selectors
from school_councils.models import Classroom, Pupil, School
from simulations import selectors
from simulations.models import (
    Candidacy,
    Contest,
    Election,
    Electorate,
    ListKind,
    Method,
    Option,
)
from simulations.services.common import contest_of_draft, managed, require_draft
from simulations.services.rules import LIST_METHODS


@transaction.atomic
def option_add(
    *,
    by,
    contest: Contest,
    name: str = "",
    pupil: Pupil | None = None,
    party_list: Option | None = None,
    list_kind: str = "",
    description: str = "",
) -> Option:
    """Puts a candidate, a list, or a candidate on a list on a draft's ballot.

    A pupil candidate takes the pupil's pseudonym (with the class when another
    candidate has it already). With a list method, an option without
    ``party_list`` is a list and one with it a candidate on that list.
    """
    contest_of_draft(by, contest)
    if pupil is not None:
        _check_pupil_may_stand(contest, pupil)
    name = _option_name(contest, name, pupil, party_list)
    _check_option_place(contest, party_list, list_kind)
    siblings = Option.objects.filter(contest=contest, party_list=party_list)
    return Option.objects.create(
        contest=contest,
        name=name,
        pupil=pupil,
        party_list=party_list,
        list_kind=(list_kind or ListKind.PARTY)
        if _is_list(contest, party_list)
        else "",
        description=description.strip(),
        position=siblings.count() + 1,
    )


def _is_list(contest: Contest, party_list: Option | None) -> bool:
    return contest.method in LIST_METHODS and party_list is None


def _check_option_place(
    contest: Contest, party_list: Option | None, list_kind: str
) -> None:
    if contest.method == Method.REFERENDUM:
        raise ValidationError(
            _("A referendum's answers are yes and no; it takes no candidates."),
            code="referendum_options",
        )
    if party_list is not None and (
        party_list.contest_id != contest.pk or party_list.party_list_id is not None
    ):
        raise ValidationError(_("Choose a list of this contest."), code="party_list")
    if party_list is not None and contest.method not in LIST_METHODS:
        raise ValidationError(
            _("Only party-list contests have candidates on lists."), code="party_list"
        )
    if list_kind and list_kind not in ListKind.values:
        raise ValidationError(_("Choose a kind of list."), code="list_kind")


def _option_name(
    contest: Contest, name: str, pupil: Pupil | None, party_list: Option | None
) -> str:
    name = " ".join(name.split())
    if not name and pupil is not None:
        name = pupil.pseudonym
        taken = Option.objects.filter(contest=contest, party_list=party_list)
        if taken.filter(name=name).exists():
            name = f"{pupil.pseudonym} ({pupil.classroom.name})"
    if not name:
        raise ValidationError(_("Give the option a name."), code="name")
    if Option.objects.filter(
        contest=contest, party_list=party_list, name=name
    ).exists():
        raise ValidationError(
            _("%(name)s is already on this ballot.") % {"name": name}, code="name"
        )
    return name


def _check_pupil_may_stand(contest: Contest, pupil: Pupil) -> None:
    # A constituency (a school's seat on the city youth council) takes only its
    # own voters as candidates, not any voter of the election.
    election = contest.election
    if not selectors.electorate_rows_for(election, pupil.classroom).exists():
        raise ValidationError(
            _("%(name)s is not in this election's electorate.")
            % {"name": pupil.pseudonym},
            code="not_in_electorate",
        )
    if not selectors.votes_in_contest(contest, pupil.classroom):
        raise ValidationError(
            _("%(name)s does not vote in %(contest)s, so cannot stand there.")
            % {"name": pupil.pseudonym, "contest": contest.name},
            code="not_in_electorate",
        )


@transaction.atomic
def option_remove(*, by, option: Option) -> None:
    """Takes an option (and a list's candidates) off a draft's ballot."""
    contest_of_draft(by, option.contest)
    Candidacy.objects.filter(option=option).update(approved_at=None, approved_by=None)
    option.delete()


@transaction.atomic
def electorate_set(
    *,
    by,
    election: Election,
    classrooms: Iterable[Classroom] = (),
    schools: Iterable[School] = (),
) -> None:
    """Sets who may vote in a draft: these classes and these whole schools.

    A class must be one the user manages; a whole school, one they coordinate (or
    the election's own school when they run it).
    """
    managed(by, election)
    require_draft(election)
    classrooms, schools = list(classrooms), list(schools)
    _check_electorate(by, election, classrooms, schools)
    keep_contest = {
        (row.classroom_id, row.school_id): row.contest_id
        for row in election.electorate.all()
    }
    election.electorate.all().delete()
    Electorate.objects.bulk_create(
        [
            Electorate(
                election=election,
                classroom=classroom,
                contest_id=keep_contest.get((classroom.pk, None)),
            )
            for classroom in classrooms
        ]
        + [
            Electorate(
                election=election,
                school=school,
                contest_id=keep_contest.get((None, school.pk)),
            )
            for school in schools
        ]
    )


def _check_electorate(
    by, election: Election, classrooms: list[Classroom], schools: list[School]
) -> None:
    managed = school_selectors.classrooms_for_user(by)
    if any(not managed.filter(pk=c.pk).exists() for c in classrooms):
        raise Http404
    coordinated = school_selectors.schools_coordinated_by(by)
    own_school = all(s.pk == election.school_id for s in schools)
    if not own_school and any(
        not coordinated.filter(pk=s.pk).exists() for s in schools
    ):
        raise Http404
    if election.school_id is not None and (
        any(c.school_id != election.school_id for c in classrooms)
        or any(s.pk != election.school_id for s in schools)
    ):
        raise ValidationError(
            _("A school's election is for the classes of that school."),
            code="other_school",
        )


@transaction.atomic
def electorate_assign(*, by, row: Electorate, contest: Contest) -> Electorate:
    """Says which constituency the voters of an electorate row vote in."""
    managed(by, row.election)
    require_draft(row.election)
    if contest.election_id != row.election_id:
        raise ValidationError(_("Choose a contest of this election."), code="contest")
    row.contest = contest
    row.save(update_fields=["contest"])
    return row


# Candidacies ---------------------------------------------------------------------


@transaction.atomic
def candidacy_submit(
    *, by, contest: Contest, pupil: Pupil, manifesto: str = ""
) -> Candidacy:
    """Records that a pupil stands; the pupil themself or the election's staff."""
    election = contest.election
    if getattr(by, "pupil", None) != pupil:
        managed(by, election)
    require_draft(election)
    _check_pupil_may_stand(contest, pupil)
    if contest.method in LIST_METHODS or contest.method == Method.REFERENDUM:
        raise ValidationError(
            _("Pupils stand on lists, not on their own, in this contest."),
            code="no_candidacies",
        )
    candidacy, created = Candidacy.objects.get_or_create(
        contest=contest, pupil=pupil, defaults={"manifesto": manifesto.strip()}
    )
    if not created:
        raise ValidationError(
            _("%(name)s already stands in this contest.") % {"name": pupil.pseudonym},
            code="already_standing",
        )
    return candidacy


@transaction.atomic
def candidacy_approve(*, by, candidacy: Candidacy) -> Option:
    """A teacher approves a candidacy: the pupil goes on the ballot."""
    contest_of_draft(by, candidacy.contest)
    if candidacy.option_id is not None:
        return candidacy.option
    option = option_add(
        by=by,
        contest=candidacy.contest,
        pupil=candidacy.pupil,
        description=candidacy.manifesto,
    )
    candidacy.option = option
    candidacy.approved_by = by
    candidacy.approved_at = timezone.now()
    candidacy.save(update_fields=["option", "approved_by", "approved_at"])
    return option


@transaction.atomic
def candidacy_withdraw(*, by, candidacy: Candidacy) -> None:
    """Withdraws a candidacy from a draft (and its option from the ballot)."""
    election = candidacy.contest.election
    if getattr(by, "pupil", None) != candidacy.pupil:
        managed(by, election)
    require_draft(election)
    Option.objects.filter(candidacy=candidacy).delete()
    candidacy.delete()
