"""Properties every participatory-budget count keeps, checked on random elections."""

import random
from fractions import Fraction
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from simulations.voting import budget
from simulations.voting.ballots import ApprovalBallot, RankedBallot
from simulations.voting.budget import (
    COMPLETIONS,
    greedy_approval,
    greedy_score,
    method_of_equal_shares,
)

NAMES = "ABCDEF"
quick = settings(max_examples=150, deadline=None)

money = st.one_of(
    st.integers(min_value=0, max_value=200),
    st.fractions(min_value=0, max_value=200, max_denominator=7),
)
costs_strategy = st.dictionaries(
    keys=st.sampled_from(NAMES),
    values=st.integers(min_value=1, max_value=60),
    min_size=1,
    max_size=6,
)
# Costs all different, so no tie ever reaches the lot.
distinct_costs = costs_strategy.filter(lambda c: len(set(c.values())) == len(c))


@st.composite
def approval_elections(draw, costs=costs_strategy):
    chosen = draw(costs)
    approved = st.frozensets(st.sampled_from(sorted(chosen)), min_size=1)
    rows = draw(
        st.lists(st.tuples(approved, st.integers(1, 5)), min_size=1, max_size=8)
    )
    ballots = [ApprovalBallot(names, count) for names, count in rows]
    return draw(money), chosen, ballots


@st.composite
def ranked_elections(draw, costs=costs_strategy):
    chosen = draw(costs)
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        order = draw(st.permutations(sorted(chosen)))
        length = draw(st.integers(1, min(3, len(order))))
        rows.append(RankedBallot(tuple(order[:length]), draw(st.integers(1, 5))))
    return draw(money), chosen, rows


def all_counts(election):
    """Returns every approval count of ``election``: greedy and each MES variant."""
    spend, costs, ballots = election
    results = [greedy_approval(ballots, budget=spend, costs=costs)]
    for completion in COMPLETIONS:
        results.append(
            method_of_equal_shares(
                ballots, budget=spend, costs=costs, completion=completion
            )
        )
    return results


def supported(ballots):
    return {name for ballot in ballots for name in ballot.names}


@quick
@given(approval_elections())
def test_no_approval_count_spends_more_than_the_budget(election):
    spend, costs, _ = election
    for result in all_counts(election):
        assert sum(costs[name] for name in result.winners) <= spend


@quick
@given(ranked_elections())
def test_greedy_by_points_stays_within_the_budget_and_is_exhaustive(election):
    spend, costs, ballots = election
    result = greedy_score(ballots, budget=spend, costs=costs)
    left = result.details["left"]
    assert left >= 0
    unfunded = supported(ballots) - set(result.winners)
    assert all(costs[name] > left for name in unfunded)


@quick
@given(approval_elections())
def test_greedy_counts_leave_no_supported_project_that_fits(election):
    spend, costs, ballots = election
    for result in (
        greedy_approval(ballots, budget=spend, costs=costs),
        method_of_equal_shares(
            ballots, budget=spend, costs=costs, completion="add1_greedy"
        ),
    ):
        left = result.details["left"]
        unfunded = supported(ballots) - set(result.winners)
        assert all(costs[name] > left for name in unfunded)


@quick
@given(approval_elections())
def test_funded_costs_plus_the_money_left_make_the_budget(election):
    spend, costs, _ = election
    for result in all_counts(election):
        spent = sum(costs[name] for name in result.winners)
        assert result.details["spent"] == spent
        assert result.details["spent"] + result.details["left"] == spend


@quick
@given(approval_elections())
def test_only_supported_projects_are_funded_and_each_once(election):
    _, _, ballots = election
    for result in all_counts(election):
        assert len(set(result.winners)) == len(result.winners)
        assert set(result.winners) <= supported(ballots)


@quick
@given(
    distinct_costs,
    st.integers(min_value=1, max_value=30),
    money,
    st.data(),
)
def test_one_group_of_voters_buys_like_greedy_within_its_shares(
    costs, voters, spend, data
):
    approved = data.draw(st.frozensets(st.sampled_from(sorted(costs)), min_size=1))
    ballots = [ApprovalBallot(approved, voters)]
    shares = method_of_equal_shares(
        ballots, budget=spend, costs=costs, completion="none"
    )
    greedy = greedy_approval(ballots, budget=spend, costs=costs)
    assert shares.winners == greedy.winners


@quick
@given(approval_elections())
def test_supporters_pay_exactly_what_they_buy(election):
    spend, costs, ballots = election
    for completion in ("none", "add1"):
        result = method_of_equal_shares(
            ballots, budget=spend, costs=costs, completion=completion
        )
        voters = sum(ballot.count for ballot in ballots)
        shares = voters * result.details["per_voter_budget"]
        [stop] = [step for step in result.steps if step["kind"] == "stop"]
        assert stop["unspent_by_voters"] == shares - result.details["spent"]


@quick
@given(approval_elections())
def test_add1_keeps_an_outcome_that_fits_and_stops_where_the_next_would_not(
    election,
):
    spend, costs, ballots = election
    result = method_of_equal_shares(ballots, budget=spend, costs=costs)
    [add1] = [step for step in result.steps if step["kind"] == "add1"]
    kept = [
        t for t in add1["tries"] if t["per_voter_budget"] <= add1["per_voter_budget"]
    ]
    assert all(t["cost"] <= spend for t in kept)
    assert kept[-1]["cost"] == result.details["spent"]
    if len(add1["tries"]) > len(kept):
        assert add1["tries"][-1]["cost"] > spend
    else:
        assert set(result.winners) == supported(ballots)


@quick
@given(approval_elections(), st.randoms(use_true_random=False))
def test_ballot_order_does_not_change_any_count(election, rng: random.Random):
    spend, costs, ballots = election
    shuffled = list(ballots)
    rng.shuffle(shuffled)
    before = [result.to_dict() for result in all_counts(election)]
    after = [result.to_dict() for result in all_counts((spend, costs, shuffled))]
    assert before == after


@quick
@given(ranked_elections(costs=distinct_costs))
def test_one_point_per_place_is_greedy_by_approvals(election):
    spend, costs, ballots = election
    by_points = greedy_score(ballots, budget=spend, costs=costs, points=[1, 1, 1])
    as_sets = [ApprovalBallot(frozenset(b.ranking), b.count) for b in ballots]
    assert (
        by_points.winners == greedy_approval(as_sets, budget=spend, costs=costs).winners
    )


@settings(max_examples=60, deadline=None)
@given(approval_elections())
def test_equal_shares_is_the_same_with_plain_fractions(election):
    spend, costs, ballots = election
    fast = method_of_equal_shares(ballots, budget=spend, costs=costs)
    with mock.patch.object(budget, "_rational", Fraction):
        plain = method_of_equal_shares(ballots, budget=spend, costs=costs)
    assert plain.to_dict() == fast.to_dict()
