"""Moving an election through its states: open, close, publish; and the second
round of a mock presidential election."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from simulations import selectors
from simulations.models import (
    BallotRecord,
    Contest,
    Election,
    ElectionKind,
    ElectionState,
    Electorate,
    Method,
    Option,
)
from simulations.services.common import managed, new_contest, require_draft
from simulations.services.polling import turnout_changed
from simulations.services.rules import LIST_METHODS
from simulations.services.tally import election_tally


@transaction.atomic
def election_open(*, by, election: Election) -> Election:
    """Opens a draft for voting, once every contest has something to vote for.

    Voting starts at ``opens_at`` when that is later, else now. The number of
    eligible voters is taken now for the turnout and a referendum's quorum.
    """
    managed(by, election)
    require_draft(election)
    _check_ready(election)
    now = timezone.now()
    opens_at = (
        election.opens_at if election.opens_at and election.opens_at > now else now
    )
    if election.closes_at and election.closes_at <= opens_at:
        raise ValidationError(
            _("The closing time has passed: set a later one first."),
            code="closes_before_opening",
        )
    eligible = selectors.eligible_pupils(election).count()
    changed = Election.objects.filter(pk=election.pk, state=ElectionState.DRAFT).update(
        state=ElectionState.OPEN, opens_at=opens_at, eligible_count=eligible
    )
    if changed != 1:
        require_draft(Election.objects.get(pk=election.pk))
    election.refresh_from_db()
    return election


def _check_ready(election: Election) -> None:
    if not election.electorate.exists():
        raise ValidationError(
            _("Choose the classes that vote before opening."), code="no_electorate"
        )
    contests = list(election.contests.prefetch_related("options"))
    if not contests:
        raise ValidationError(_("The election has nothing to vote on."), code="empty")
    for contest in contests:
        _check_contest_ready(contest)
    unassigned = election.electorate.filter(contest__isnull=True)
    if len(contests) > 1 and election.is_preset and unassigned.exists():
        raise ValidationError(
            _("Assign every class to a constituency before opening."),
            code="unassigned",
        )


def _check_contest_ready(contest: Contest) -> None:
    if contest.method == Method.REFERENDUM:
        return
    options = list(contest.options.all())
    lists = [o for o in options if o.party_list_id is None]
    if contest.method in LIST_METHODS:
        candidates = {o.party_list_id for o in options if o.party_list_id}
        ready = lists and all(o.pk in candidates for o in lists)
    else:
        ready = bool(lists)
    if not ready:
        raise ValidationError(
            _("%(contest)s has no candidates yet (every list needs one).")
            % {"contest": contest.name},
            code="no_candidates",
        )


@transaction.atomic
def election_close(*, by, election: Election) -> Election:
    """Closes voting now. A ballot being cast at this instant is either counted
    (it committed first) or refused (it finds the election closed)."""
    managed(by, election)
    now = timezone.now()
    closes_at = min(election.closes_at, now) if election.closes_at else now
    changed = Election.objects.filter(pk=election.pk, state=ElectionState.OPEN).update(
        state=ElectionState.CLOSED, closes_at=closes_at
    )
    if changed != 1:
        raise ValidationError(_("Only an open election can close."), code="not_open")
    _reseal_ballots(election)
    turnout_changed(election.pk)
    election.refresh_from_db()
    return election


def _reseal_ballots(election: Election) -> None:
    """Rewrites the election's ballots in this one transaction.

    In PostgreSQL a row remembers the transaction that wrote it, and a ballot was
    written in the same transaction as its voter's participation row or spent
    code. Rewriting every ballot at close gives them all this transaction's id, so
    that id no longer pairs a ballot with a voter (see docs/elections.md for what
    this does not erase).
    """
    BallotRecord.objects.filter(contest__election=election).update(status=F("status"))


@transaction.atomic
def election_publish(*, by, election: Election) -> Election:
    """Publishes the results of a closed election once any embargo has passed.

    An open election whose closing time has passed is closed first.
    """
    managed(by, election)
    now = timezone.now()
    if (
        election.state == ElectionState.OPEN
        and election.closes_at
        and election.closes_at <= now
    ):
        election = election_close(by=by, election=election)
    if election.state != ElectionState.CLOSED:
        raise ValidationError(
            _("Results are published only after voting closes."), code="not_closed"
        )
    embargo = election.results_not_before
    if embargo and now < embargo:
        raise ValidationError(
            _("The results are under embargo until %(when)s.")
            % {"when": timezone.localtime(embargo).strftime("%Y-%m-%d %H:%M")},
            code="embargo",
        )
    Election.objects.filter(pk=election.pk, state=ElectionState.CLOSED).update(
        state=ElectionState.PUBLISHED, published_at=now
    )
    election.refresh_from_db()
    return election


@transaction.atomic
def election_second_round_create(*, by, election: Election) -> Election:
    """Creates the second round of a mock presidential election.

    Possible once the first round is closed and nobody won more than half of the
    valid votes: the two finalists are the options, the electorate the same.
    """
    managed(by, election)
    if election.kind != ElectionKind.PRESIDENT or election.first_round_id:
        raise ValidationError(
            _("Only a presidential first round has a second round."), code="kind"
        )
    if election.state not in (ElectionState.CLOSED, ElectionState.PUBLISHED):
        raise ValidationError(
            _("The first round must close before a second round."), code="not_closed"
        )
    (count,) = election_tally(election=election).contests
    finalists = (count.result.details.get("finalists") if count.result else None) or []
    if not finalists or (count.result and count.result.winners):
        raise ValidationError(
            _("The first round already has a winner."), code="no_second_round"
        )
    return _second_round(by, election, finalists)


def _second_round(by, first: Election, finalists: list[str]) -> Election:
    second = Election.objects.create(
        school=first.school,
        kind=first.kind,
        title=_("%(title)s: second round") % {"title": first.title},
        access=first.access,
        first_round=first,
        created_by=by,
    )
    contest = first.contests.get()
    runoff = new_contest(
        second,
        name=contest.name,
        method=Method.TWO_ROUND,
        constituency_number=contest.constituency_number,
    )
    for option in contest.options.filter(name__in=finalists):
        Option.objects.create(
            contest=runoff,
            name=option.name,
            pupil=option.pupil,
            position=finalists.index(option.name) + 1,
            description=option.description,
        )
    for row in first.electorate.all():
        Electorate.objects.create(
            election=second, classroom=row.classroom, school=row.school
        )
    return second
