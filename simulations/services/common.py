"""What every election service checks: who runs the election, and that its rules
may still change."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from simulations import selectors
from simulations.models import Contest, Election, ElectionState


def managed(by, election: Election) -> Election:
    if not selectors.user_manages(by, election):
        raise Http404
    return election


def require_draft(election: Election) -> None:
    if election.state != ElectionState.DRAFT:
        raise ValidationError(
            _(
                "The rules of an election cannot change once voting has opened: "
                "every voter votes under the same rules."
            ),
            code="rules_locked",
        )


def new_seed() -> int:
    return secrets.randbelow(2**31)


def new_contest(election: Election, **fields) -> Contest:
    return Contest.objects.create(election=election, seed=new_seed(), **fields)


def check_seats(seats: int) -> None:
    if not 1 <= seats <= 100:
        raise ValidationError(
            _("The number of seats must be between 1 and 100."), code="seats"
        )


def contest_of_draft(by, contest: Contest) -> Contest:
    """Returns ``contest`` if ``by`` runs its election and it is still a draft."""
    managed(by, contest.election)
    require_draft(contest.election)
    return contest
