"""Proposals, their check and the vote: every refusal says why and changes
nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from simulations.models import (
    BallotAccess,
    BallotRecord,
    BudgetRule,
    Proposal,
    ProposalStatus,
    VoterParticipation,
    VotingCode,
)
from simulations.services import budget as services

from .conftest import (
    codes_for,
    future,
    new_budget,
    open_budget,
    past,
    propose,
)

pytestmark = pytest.mark.django_db


def refused(expected, call, *args, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == expected, caught.value
    return " ".join(caught.value.messages)


def test_a_proposal_over_the_budget_is_refused_saying_so(school_a):
    budget = new_budget(school_a, amount=100)
    pupil = school_a.pupils[0]

    message = refused(
        "over_budget",
        services.proposal_submit,
        by=pupil.user,
        budget=budget,
        title="Basen",
        description="",
        cost=101,
    )

    assert "101" in message
    assert "100" in message
    assert not Proposal.objects.exists()


def test_a_proposal_costing_the_whole_budget_is_accepted(school_a):
    budget = new_budget(school_a, amount=100)
    proposal = services.proposal_submit(
        by=school_a.pupils[0].user,
        budget=budget,
        title="Boisko",
        description="",
        cost=100,
    )
    assert proposal.status == ProposalStatus.PENDING


def test_a_proposal_outside_the_proposal_period_is_refused(school_a):
    early = new_budget(
        school_a, proposals_open_at=future(), proposals_close_at=future(90)
    )
    late = new_budget(school_a, proposals_open_at=past(90), proposals_close_at=past())
    pupil = school_a.pupils[0]
    fields = {"by": pupil.user, "title": "Ławki", "description": "", "cost": 10}

    refused("proposals_not_open", services.proposal_submit, budget=early, **fields)
    refused("proposals_closed", services.proposal_submit, budget=late, **fields)
    assert not Proposal.objects.exists()


def test_a_pupil_of_another_school_cannot_propose(school_a, school_b):
    budget = new_budget(school_a)
    with pytest.raises(Http404):
        services.proposal_submit(
            by=school_b.pupils[0].user, budget=budget, title="X", description="", cost=1
        )


def test_turning_a_proposal_down_needs_a_reason_the_author_sees(school_a):
    budget = new_budget(school_a)
    proposal = propose(school_a, budget, [("Basen na dachu", 90)], check=False)[
        "Basen na dachu"
    ]

    refused(
        "reason_required",
        services.proposal_check,
        by=school_a.teacher,
        proposal=proposal,
        eligible=False,
    )
    services.proposal_check(
        by=school_a.teacher,
        proposal=proposal,
        eligible=False,
        reason="Dach jest za słaby",
    )

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INELIGIBLE
    assert proposal.reason == "Dach jest za słaby"


def test_voting_cannot_open_while_a_proposal_waits_for_its_check(school_a):
    budget = new_budget(school_a)
    propose(school_a, budget, [("Ławki", 30)], check=False)

    refused(
        "unchecked", services.budget_voting_open, by=school_a.teacher, budget=budget
    )
    budget.refresh_from_db()
    assert budget.frozen_at is None
    assert budget.election.state == "draft"


def test_opening_voting_freezes_the_eligible_list(school_a):
    budget = new_budget(school_a)
    proposals = propose(school_a, budget, [("Ławki", 30), ("Basen", 99)], check=False)
    services.proposal_check(
        by=school_a.teacher, proposal=proposals["Ławki"], eligible=True
    )
    services.proposal_check(
        by=school_a.teacher,
        proposal=proposals["Basen"],
        eligible=False,
        reason="Za drogi",
    )

    budget = services.budget_voting_open(by=school_a.teacher, budget=budget)

    assert [p.title for p in services.ballot_proposals(budget)] == ["Ławki"]
    refused(
        "frozen",
        services.proposal_check,
        by=school_a.teacher,
        proposal=proposals["Basen"],
        eligible=True,
    )
    refused(
        "frozen",
        services.proposal_submit,
        by=school_a.pupils[0].user,
        budget=budget,
        title="Nowy",
        description="",
        cost=5,
    )


def test_voting_twice_with_one_code_is_refused_and_counted_once(school_a):
    budget, proposals = open_budget(school_a)
    code = codes_for(school_a, budget)[0]
    picks = [proposals["Boisko"].pk, proposals["Ławki"].pk]

    receipt = services.budget_ballot_cast(budget=budget, picks=picks, code=code)
    refused(
        "spent_code", services.budget_ballot_cast, budget=budget, picks=picks, code=code
    )

    assert len(receipt.tracker) == 20
    assert BallotRecord.objects.filter(contest__election=budget.election).count() == 1


def test_a_signed_in_pupil_votes_once(school_a):
    budget, proposals = open_budget(school_a, access=BallotAccess.ACCOUNTS)
    pupil = school_a.pupils[0]
    picks = [proposals["Kwiaty"].pk]

    assert services.pupil_may_vote(budget, pupil)
    services.budget_ballot_cast(budget=budget, picks=picks, pupil=pupil)
    refused(
        "already_voted",
        services.budget_ballot_cast,
        budget=budget,
        picks=picks,
        pupil=pupil,
    )

    assert not services.pupil_may_vote(budget, pupil)
    assert VoterParticipation.objects.filter(election=budget.election).count() == 1
    assert BallotRecord.objects.filter(contest__election=budget.election).count() == 1


@pytest.mark.parametrize(
    ("rule", "picks", "code"),
    [
        (BudgetRule.POINTS, [], "no_pick"),
        (
            BudgetRule.POINTS,
            ["Boisko", "Ławki", "Kwiaty", "Drukarka"],
            "too_many_picks",
        ),
        (BudgetRule.POINTS, ["Boisko", "Boisko"], "repeated_pick"),
        (BudgetRule.APPROVAL, ["Boisko", "Boisko"], "repeated_pick"),
        (BudgetRule.EQUAL_SHARES, [], "no_pick"),
        (BudgetRule.APPROVAL, [999999], "not_on_ballot"),
        (BudgetRule.APPROVAL, ["x"], "not_on_ballot"),
    ],
)
def test_a_ballot_that_does_not_fit_the_rule_is_refused_and_the_code_kept(
    school_a, rule, picks, code
):
    budget, proposals = open_budget(school_a, rule=rule)
    slip = codes_for(school_a, budget)[0]
    picks = [proposals[p].pk if p in proposals else p for p in picks]

    refused(code, services.budget_ballot_cast, budget=budget, picks=picks, code=slip)

    assert not BallotRecord.objects.exists()
    assert not VotingCode.objects.filter(spent=True).exists()


def test_approval_ballots_may_pick_every_project(school_a):
    budget, proposals = open_budget(school_a, rule=BudgetRule.APPROVAL)
    slip = codes_for(school_a, budget)[0]
    services.budget_ballot_cast(
        budget=budget, picks=[p.pk for p in proposals.values()], code=slip
    )
    (record,) = BallotRecord.objects.all()
    assert len(record.choices["marks"]) == 4


def test_voting_before_it_opens_or_after_it_closes_is_refused(school_a):
    early, proposals = open_budget(school_a, voting_opens_at=future())
    picks = [proposals["Boisko"].pk]
    refused(
        "not_open",
        services.budget_ballot_cast,
        budget=early,
        picks=picks,
        code=codes_for(school_a, early)[0],
    )
    late, proposals = open_budget(school_a, name="Drugi budżet")
    slip = codes_for(school_a, late)[0]
    services.budget_voting_close(by=school_a.teacher, budget=late)
    refused(
        "closed",
        services.budget_ballot_cast,
        budget=late,
        picks=[proposals["Boisko"].pk],
        code=slip,
    )

    assert not BallotRecord.objects.exists()
    assert not VotingCode.objects.filter(spent=True).exists()


def test_a_budget_ballot_row_keeps_no_trace_of_the_voter(school_a):
    budget, proposals = open_budget(school_a, access=BallotAccess.ACCOUNTS)
    services.budget_ballot_cast(
        budget=budget, picks=[proposals["Ławki"].pk], pupil=school_a.pupils[0]
    )
    (record,) = BallotRecord.objects.all()
    fields = {field.name for field in BallotRecord._meta.get_fields()}
    assert fields == {"id", "contest", "status", "choices", "tracker", "station"}
    option = Proposal.objects.get(pk=proposals["Ławki"].pk).option_id
    assert record.choices == {"ranking": [option]}


def test_budget_elections_stay_out_of_the_elections_pages(school_a):
    from simulations import selectors

    budget, _ = open_budget(school_a)
    assert (
        not selectors.elections_managed_by(school_a.teacher)
        .filter(pk=budget.election_id)
        .exists()
    )
    assert selectors.user_manages(school_a.teacher, budget.election)
    assert not selectors.elections_for_pupil(school_a.pupils[0]).exists()
