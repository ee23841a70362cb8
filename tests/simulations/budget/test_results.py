"""The same ballots counted by every rule, on a hand-built example whose numbers
can be checked with pencil and paper.

100 zł; Boisko 60, Ławki 30, Kwiaty 20, Drukarka 40. Three voters rank Boisko then
Ławki; one ranks Kwiaty then Drukarka; one Drukarka then Kwiaty.

- Points: Boisko 9, Ławki 6, Kwiaty 5, Drukarka 5. Boisko (40 left), Ławki (10
  left); neither of the others fits. 90 zł, 3 of 5 voters reached.
- Approvals: Boisko and Ławki 3 each (the cheaper, Ławki, first), then Boisko;
  again 90 zł and 3 of 5 voters.
- Equal Shares: 20 zł each. Ławki (3 supporters pay 10 each, 3 effective votes)
  beats Boisko (3 effective votes too, dearer); then Boisko's supporters hold 30,
  too little for 60; Kwiaty (2 supporters pay 10 each) is bought; Drukarka's
  supporters hold 20, too little for 40. Raising the share by 1 zł keeps the
  outcome until 30 zł, where it would cost 150 zł: the count keeps 29 zł and
  Ławki and Kwiaty, 50 zł, and all 5 voters get a project they picked.
"""

import pytest
from django.test import Client
from django.urls import reverse

from simulations.models import BallotAccess, BudgetRule
from simulations.services import budget as services

from .conftest import codes_for, more_pupils, open_budget

GROUPS = {("B", "L"): 3, ("K", "D"): 1, ("D", "K"): 1}
COSTS = {"B": 60, "L": 30, "K": 20, "D": 40}


def test_the_three_rules_side_by_side_give_these_exact_numbers():
    comparison = services.budget_compare(
        groups=GROUPS, ranked=True, costs=COSTS, amount=100
    )

    points = comparison.outcome(BudgetRule.POINTS)
    approval = comparison.outcome(BudgetRule.APPROVAL)
    shares = comparison.outcome(BudgetRule.EQUAL_SHARES)
    assert (points.funded, points.spent, points.satisfied) == (["B", "L"], 90, 3)
    assert (approval.funded, approval.spent, approval.satisfied) == (["L", "B"], 90, 3)
    assert (shares.funded, shares.spent, shares.satisfied) == (["L", "K"], 50, 5)
    assert comparison.voters == points.voters == 5
    assert shares.left == 50
    assert shares.spent_share == 0.5
    assert shares.satisfied_share == 1.0
    add1 = next(s for s in shares.result.steps if s["kind"] == "add1")
    assert add1["per_voter_budget"] == 29


def test_approval_ballots_are_not_counted_by_points():
    comparison = services.budget_compare(
        groups={("B", "L"): 3, ("D", "K"): 2}, ranked=False, costs=COSTS, amount=100
    )
    assert [o.rule for o in comparison.outcomes] == ["approval", "equal_shares"]


def test_no_ballots_fund_nothing():
    comparison = services.budget_compare(
        groups={}, ranked=True, costs=COSTS, amount=100
    )
    assert all(o.funded == [] and o.spent == 0 for o in comparison.outcomes)


@pytest.mark.django_db
def test_pupils_ballots_are_counted_side_by_side_and_shown_after_publication(
    school_a,
):
    world = school_a
    more_pupils(world, 3)
    budget, proposals = open_budget(world, access=BallotAccess.CODES)
    slips = codes_for(world, budget)
    ids = {title: proposal.pk for title, proposal in proposals.items()}
    ballots = [["Boisko", "Ławki"]] * 3 + [
        ["Kwiaty", "Drukarka"],
        ["Drukarka", "Kwiaty"],
    ]
    for slip, picks in zip(slips, ballots, strict=True):
        services.budget_ballot_cast(
            budget=budget, picks=[ids[t] for t in picks], code=slip
        )

    pupil = Client()
    pupil.cookies["django_language"] = "en"
    pupil.force_login(world.pupils[0].user)
    address = reverse("budget_results", args=[budget.pk])
    assert "Ławki" not in pupil.get(address).content.decode()

    services.budget_voting_close(by=world.teacher, budget=budget)
    comparison = services.budget_results(budget)
    funded = {
        o.rule: sorted(proposals_title(p) for p in o.funded)
        for o in comparison.outcomes
    }
    assert funded == {
        "points": ["Boisko", "Ławki"],
        "approval": ["Boisko", "Ławki"],
        "equal_shares": ["Kwiaty", "Ławki"],
    }

    services.budget_publish(by=world.teacher, budget=budget)
    page = pupil.get(address)
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text
    assert "5 of 5 voters (100.0%)" in text
    assert "50 zł spent (50.0%)" in text.replace("\xa0", " ")
    ballots_page = pupil.get(reverse("budget_ballots", args=[budget.pk]))
    assert ballots_page.content.decode().count('class="code"') == 5


def proposals_title(pk):
    from simulations.models import Proposal

    return Proposal.objects.get(pk=int(pk)).title
