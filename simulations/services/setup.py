"""Setting an election up from the pages: every kind in one step, then its
ballot line by line; and the pupil's and the teacher's side of a candidacy.

These build on ``services.elections`` and ``services.candidates`` and keep their
rules: everything here changes only a draft (``rules_locked`` otherwise), refuses
with a :class:`~django.core.exceptions.ValidationError` whose message is fit for
the user, and raises :class:`~django.http.Http404` for elections the user does not
run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from school_councils.models import Classroom, Pupil, School
from simulations.models import (
    PRESET_KINDS,
    BallotAccess,
    Candidacy,
    Contest,
    Election,
    ElectionKind,
    ListKind,
    Method,
    Option,
    Quorum,
)
from simulations.services.candidates import candidacy_submit, option_add
from simulations.services.common import check_seats, contest_of_draft
from simulations.services.elections import (
    _default_constituency,
    contest_add,
    contest_update,
    election_create,
)
from simulations.services.preset_lists import preset_lists
from simulations.services.rules import LIST_METHODS

MANIFESTO_MAX_LENGTH = 500
MAX_QUESTIONS = 10
# Kinds whose contests the teacher composes; the others follow from the kind.
COMPOSED_KINDS = frozenset({ElectionKind.REFERENDUM, ElectionKind.CUSTOM})


def default_constituency(kind: str, school: School | None) -> int:
    """The constituency a new mock election of ``kind`` starts in: Kraków's, or
    for the city council the one of the school's district."""
    return _default_constituency(Election(kind=kind, school=school))


def check_threshold(share: Decimal | None) -> None:
    if share is not None and not 0 <= share < 1:
        raise ValidationError(
            _("A threshold is a share from 0 up to 1, e.g. 0.05 for 5%."),
            code="threshold",
        )


# Creating an election of any kind --------------------------------------------------


@transaction.atomic
def election_set_up(
    *,
    by,
    kind: str,
    title: str,
    school: School | None,
    classrooms: Iterable[Classroom] = (),
    schools: Iterable[School] = (),
    access: str = BallotAccess.CODES,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    results_not_before: datetime | None = None,
    seats: int | None = None,
    method: str | None = None,
    threshold: Decimal | None = None,
    quorum: str = "",
    constituency: int | None = None,
    prefill_lists: bool = False,
    lists: Sequence[str] = (),
    questions: Sequence[str] = (),
) -> Election:
    """Creates a draft of any kind with its ballot, or nothing at all.

    A mock election takes one ``constituency`` of its preset and, with
    ``prefill_lists``, the committees that stood there (see ``preset_lists``),
    then the extra ``lists``; a referendum asks each of ``questions`` under one
    ``quorum``; a custom election counts by ``method`` with ``seats`` and a list
    ``threshold``.
    """
    questions = _questions(questions) if kind == ElectionKind.REFERENDUM else []
    if kind == ElectionKind.CUSTOM:
        _check_custom(method, seats, threshold)
    election = election_create(
        by=by,
        school=school,
        kind=kind,
        title=title,
        classrooms=classrooms,
        schools=schools,
        access=access,
        opens_at=opens_at,
        closes_at=closes_at,
        results_not_before=results_not_before,
        seats=seats,
        method=method,
        quorum=quorum,
        constituencies=[constituency] if constituency else (),
    )
    contest = election.contests.first()
    if kind in PRESET_KINDS:
        _preset_lists(by, contest, prefill_lists, lists)
    elif kind == ElectionKind.REFERENDUM:
        contest_update(by=by, contest=contest, name=questions[0])
        for question in questions[1:]:
            contest_add(
                by=by,
                election=election,
                name=question,
                method=Method.REFERENDUM,
                quorum=quorum or Quorum.NONE,
            )
    elif kind == ElectionKind.CUSTOM and threshold:
        contest_update(by=by, contest=contest, threshold=threshold)
    return election


def _questions(questions: Sequence[str]) -> list[str]:
    cleaned = [" ".join(q.split()) for q in questions if q.strip()]
    if not cleaned:
        raise ValidationError(_("Ask at least one question."), code="questions")
    if len(cleaned) > MAX_QUESTIONS:
        raise ValidationError(
            _("Ask at most %(count)d questions.") % {"count": MAX_QUESTIONS},
            code="questions",
        )
    if len(set(cleaned)) != len(cleaned):
        raise ValidationError(
            _("Each question can be asked only once."), code="questions"
        )
    return cleaned


def _check_custom(
    method: str | None, seats: int | None, threshold: Decimal | None
) -> None:
    if method not in Method.values:
        raise ValidationError(_("Choose a counting method."), code="method")
    if seats is not None:
        check_seats(seats)
    check_threshold(threshold)
    if threshold and method not in LIST_METHODS:
        raise ValidationError(
            _("Only party lists have a threshold: choose a party-list method."),
            code="threshold",
        )


def _preset_lists(by, contest: Contest, prefill: bool, names: Sequence[str]) -> None:
    """Puts the preset's committees, then the extra lists, on a mock ballot."""
    kind = contest.election.kind
    if prefill:
        for row in preset_lists(kind, contest.constituency_number or 0):
            option_add(by=by, contest=contest, name=row.name, list_kind=row.kind)
    for name in names:
        if name.strip():
            option_add(by=by, contest=contest, name=name)


# Changing a ballot while a draft ---------------------------------------------------


@transaction.atomic
def contest_rules_set(*, by, contest: Contest, **fields) -> Contest:
    """Changes a contest's name, seats, thresholds or quorum, checking that the
    thresholds are shares and fit the method."""
    contest_of_draft(by, contest)
    for name in ("threshold", "coalition_threshold"):
        share = fields.get(name)
        check_threshold(share)
        if share and contest.method not in LIST_METHODS:
            raise ValidationError(
                _("Only party lists have a threshold."), code="threshold"
            )
    if "name" in fields:
        fields["name"] = " ".join(fields["name"].split())
        if not fields["name"]:
            raise ValidationError(_("Give the contest a name."), code="name")
    return contest_update(by=by, contest=contest, **fields)


@transaction.atomic
def contest_remove(*, by, contest: Contest) -> None:
    """Removes a question of a referendum or a race of a custom election; the
    other kinds' contests follow from the kind and stay."""
    election = contest.election
    contest_of_draft(by, contest)
    if election.kind not in COMPOSED_KINDS:
        raise ValidationError(
            _("The contests of this kind of election follow from its rules."),
            code="fixed_contests",
        )
    if election.contests.count() == 1:
        raise ValidationError(
            _("An election needs at least one contest."), code="last_contest"
        )
    contest.delete()
    for position, other in enumerate(election.contests.order_by("position", "pk"), 1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


@transaction.atomic
def option_update(
    *,
    by,
    option: Option,
    name: str,
    description: str = "",
    list_kind: str = "",
) -> Option:
    """Renames a line of a draft's ballot, or changes its description (shown on
    the ballot) or, for a list, its kind."""
    contest_of_draft(by, option.contest)
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Give the option a name."), code="name")
    siblings = Option.objects.filter(
        contest=option.contest, party_list=option.party_list
    ).exclude(pk=option.pk)
    if siblings.filter(name=name).exists():
        raise ValidationError(
            _("%(name)s is already on this ballot.") % {"name": name}, code="name"
        )
    fields = {"name": name, "description": description.strip()}
    if option.list_kind:
        if list_kind not in ListKind.values:
            raise ValidationError(_("Choose a kind of list."), code="list_kind")
        fields["list_kind"] = list_kind
    for field, value in fields.items():
        setattr(option, field, value)
    option.save(update_fields=list(fields))
    return option


@transaction.atomic
def option_move(*, by, option: Option, step: int) -> Option:
    """Moves a line up (``step`` -1) or down (+1) among its siblings: the lists,
    or the candidates of one list. Positions become 1, 2, 3… without gaps."""
    contest_of_draft(by, option.contest)
    siblings = list(
        Option.objects.select_for_update()
        .filter(contest=option.contest, party_list=option.party_list)
        .order_by("position", "pk")
    )
    index = next(i for i, o in enumerate(siblings) if o.pk == option.pk)
    target = index + (1 if step > 0 else -1)
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    option.refresh_from_db()
    return option


# Candidacies: the pupil's side and a refusal -------------------------------------


def check_manifesto(manifesto: str) -> str:
    manifesto = manifesto.strip()
    if len(manifesto) > MANIFESTO_MAX_LENGTH:
        raise ValidationError(
            _("Keep the manifesto to %(limit)d characters (it has %(length)d).")
            % {"limit": MANIFESTO_MAX_LENGTH, "length": len(manifesto)},
            code="manifesto",
        )
    return manifesto


@transaction.atomic
def candidacy_stand(*, by, contest: Contest, manifesto: str = "") -> Candidacy:
    """A signed-in pupil stands in a contest of a draft on their own ballot, with
    a short manifesto; a teacher approves or refuses it."""
    pupil = getattr(by, "pupil", None)
    if not isinstance(pupil, Pupil):
        raise Http404
    return candidacy_submit(
        by=by, contest=contest, pupil=pupil, manifesto=check_manifesto(manifesto)
    )


@transaction.atomic
def candidacy_withdraw_pending(*, by, candidacy: Candidacy) -> None:
    """A pupil withdraws their own candidacy while it waits for approval; once
    decided, only the teacher changes it."""
    if getattr(by, "pupil", None) != candidacy.pupil:
        raise Http404
    election = candidacy.contest.election
    if election.state != "draft" or candidacy.status != "pending":
        raise ValidationError(
            _(
                "Only a candidacy waiting for approval can be withdrawn here: ask "
                "your teacher."
            ),
            code="decided",
        )
    candidacy.delete()


@transaction.atomic
def candidacy_refuse(*, by, candidacy: Candidacy, reason: str) -> Candidacy:
    """A teacher turns a pending candidacy down, saying why; the pupil sees it."""
    contest_of_draft(by, candidacy.contest)
    if candidacy.is_approved:
        raise ValidationError(
            _("%(name)s is already on the ballot: withdraw the candidacy instead.")
            % {"name": candidacy.pupil.pseudonym},
            code="approved",
        )
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(
            _("Say why, so that the pupil understands."), code="reason"
        )
    candidacy.refused_at = timezone.now()
    candidacy.refusal_reason = reason[:300]
    candidacy.save(update_fields=["refused_at", "refusal_reason"])
    return candidacy
