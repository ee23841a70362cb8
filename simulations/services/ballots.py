"""Between the models and the pure core: a contest as a ballot and as a count,
and the messages for ballots that do not fit."""

from __future__ import annotations

from fractions import Fraction

from django.utils.translation import gettext as _

from simulations.models import Contest
from simulations.services.counting import ContestSpec
from simulations.services.rules import LIST_METHODS, BallotShapeError, BallotSpec


def contest_spec(contest: Contest, *, eligible: int | None = None) -> ContestSpec:
    """Returns the contest as the count sees it (options by id, lists, rules)."""
    options = list(contest.options.all())
    top = [o for o in options if o.party_list_id is None]
    lists = {}
    if contest.method in LIST_METHODS:
        lists = {
            party_list.pk: [o.pk for o in options if o.party_list_id == party_list.pk]
            for party_list in top
        }
    return ContestSpec(
        name=contest.name,
        method=contest.method,
        seats=contest.seats,
        labels={o.pk: o.name for o in options},
        candidates=[] if lists else [o.pk for o in top],
        lists=lists,
        kinds={o.pk: o.list_kind for o in top if lists},
        threshold=_share(contest.threshold),
        coalition_threshold=_share(contest.coalition_threshold),
        quorum=contest.quorum,
        eligible=eligible,
        seed=contest.seed,
    )


def _share(value) -> Fraction | None:
    return None if value is None else Fraction(str(value))


def ballot_spec(contest: Contest) -> BallotSpec:
    """Returns what the contest's ballot offers, for checking a ballot."""
    return contest_spec(contest).ballot_spec()


def shape_message(error: BallotShapeError) -> str:
    """Returns what is wrong with a ballot, in words for the voter."""
    messages = {
        "not_an_object": _("the ballot is not filled in."),
        "unknown_key": _("the ballot is not filled in the way this vote asks."),
        "wrong_shape": _("the ballot is not filled in the way this vote asks."),
        "spoiled_not_allowed": _("this vote has no spoiled ballots."),
        "not_an_option": _("a mark is not one of the options."),
        "unknown_option": _("a mark is not one of the options."),
        "not_a_list": _("the ballot is not filled in the way this vote asks."),
        "no_mark": _("mark at least one option, or hand in a blank ballot."),
        "repeated_option": _("an option is marked or ranked twice."),
        "unknown_list": _("the list marked is not on this ballot."),
        "candidate_not_on_list": _("mark one candidate on the list you chose."),
        "bad_answer": _("answer yes or no."),
    }
    if error.code == "too_many_marks":
        return _("mark at most %(most)d options.") % {"most": error.facts["most"]}
    return messages.get(error.code, _("the ballot does not fit this vote."))
