"""Properties every count must have, checked on many generated elections."""

import json
import random

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from simulations.voting.ballots import (
    ApprovalBallot,
    RankedBallot,
    first_preferences,
    total_count,
)
from simulations.voting.base import Lot
from simulations.voting.ranked import block_vote, pav, stv
from simulations.voting.single import (
    borda,
    condorcet_winner,
    instant_runoff,
    pairwise_preferences,
    plurality,
    schulze,
    two_round_from_rankings,
)

NAMES = "ABCDEF"
quick = settings(max_examples=150, deadline=None)


@st.composite
def rankings(draw, names):
    order = draw(st.permutations(names))
    return tuple(order[: draw(st.integers(1, len(order)))])


@st.composite
def ranked_elections(draw, min_candidates=2):
    names = list(NAMES[: draw(st.integers(min_candidates, len(NAMES)))])
    rows = draw(
        st.lists(
            st.tuples(rankings(names), st.integers(1, 20)), min_size=1, max_size=25
        )
    )
    return names, [RankedBallot(ranking, count) for ranking, count in rows]


@st.composite
def approval_elections(draw, max_marks=None):
    names = list(NAMES[: draw(st.integers(2, len(NAMES)))])
    size = st.integers(1, max_marks or len(names))
    subsets = size.flatmap(lambda k: st.permutations(names).map(lambda p: p[:k]))
    rows = draw(
        st.lists(st.tuples(subsets, st.integers(1, 20)), min_size=1, max_size=25)
    )
    return names, [ApprovalBallot(frozenset(s), count) for s, count in rows]


def stages(result):
    return [step for step in result.steps if step["kind"] == "stage"]


@quick
@given(ranked_elections())
def test_a_condorcet_winner_wins_under_schulze(election):
    names, ballots = election
    winner = condorcet_winner(pairwise_preferences(ballots, names))
    assume(winner is not None)

    assert schulze(ballots, candidates=names).winners == [winner]


@quick
@given(ranked_elections(), st.data())
def test_a_majority_of_first_preferences_wins_plurality_two_round_and_irv(
    election, data
):
    names, ballots = election
    favourite = data.draw(st.sampled_from(names))
    rest = [name for name in names if name != favourite]
    majority = total_count(ballots) + data.draw(st.integers(1, 5))
    ballots = [*ballots, RankedBallot((favourite, *rest[:1]), majority)]

    assert plurality(first_preferences(ballots), candidates=names).winners == [
        favourite
    ]
    assert two_round_from_rankings(ballots, candidates=names).winners == [favourite]
    assert instant_runoff(ballots, candidates=names).winners == [favourite]


@quick
@given(ranked_elections(), st.integers(1, 7))
def test_stv_fills_every_seat_it_can_and_each_winner_earned_it(election, seats):
    names, ballots = election

    result = stv(ballots, seats, candidates=names)

    assert len(result.winners) == min(seats, len(names))
    assert len(set(result.winners)) == len(result.winners)
    quota = result.details["quota"]
    by_quota = {
        name: stage["tallies"][name]
        for stage in stages(result)
        for name in stage["elected"]
    }
    assert all(votes >= quota for votes in by_quota.values())
    last = [step for step in result.steps if step["kind"] == "last_vacancies"]
    filled_last = last[0]["elected"] if last else []
    if last:
        assert last[0]["vacancies"] == seats - len(by_quota)
        if len(names) > seats:
            assert len(filled_last) == last[0]["vacancies"]
    assert set(result.winners) == set(by_quota) | set(filled_last)


@quick
@given(ranked_elections(), st.integers(1, 4))
def test_stv_stages_account_for_every_valid_ballot(election, seats):
    names, ballots = election
    valid = total_count(ballots)

    result = stv(ballots, seats, candidates=names)

    for stage in stages(result):
        held = sum(stage["tallies"].values())
        assert held + stage["exhausted"] + stage["rounding_loss"] == valid
        assert 0 <= stage["rounding_loss"] < len(stage["tallies"]) * valid / 10**5


@quick
@given(ranked_elections())
def test_irv_rounds_count_every_ballot_not_yet_exhausted(election):
    names, ballots = election
    valid = total_count(ballots)

    result = instant_runoff(ballots, candidates=names)

    for step in result.steps:
        assert sum(step["tallies"].values()) == valid - step["exhausted"]
        assert step["active"] == valid - step["exhausted"]


@quick
@given(approval_elections(max_marks=3), st.integers(3, 7))
def test_block_vote_elects_exactly_the_seats_or_everyone(election, seats):
    names, ballots = election

    result = block_vote(ballots, seats, candidates=names)

    assert len(result.winners) == min(seats, len(names))
    assert len(set(result.winners)) == len(result.winners)


@quick
@given(approval_elections(), st.integers(1, 7))
def test_pav_elects_exactly_the_seats_or_everyone(election, seats):
    names, ballots = election

    result = pav(ballots, seats, candidates=names)

    assert len(result.winners) == min(seats, len(names))
    assert len(set(result.winners)) == len(result.winners)


@quick
@given(ranked_elections(), st.integers(1, 3), st.integers(0, 10**6), st.randoms())
def test_shuffling_the_ballots_changes_no_result(election, seats, seed, rng):
    names, ballots = election
    shuffled = list(ballots)
    rng.shuffle(shuffled)

    for count in (
        lambda b: stv(b, seats, candidates=names, lot=Lot(seed)),
        lambda b: instant_runoff(b, candidates=names, lot=Lot(seed)),
        lambda b: schulze(b, candidates=names, lot=Lot(seed)),
        lambda b: borda(b, candidates=names, lot=Lot(seed)),
    ):
        assert count(ballots).to_dict() == count(shuffled).to_dict()


@quick
@given(ranked_elections(), st.integers(1, 3))
def test_every_result_serialises_to_json(election, seats):
    names, ballots = election
    results = [
        stv(ballots, seats, candidates=names),
        instant_runoff(ballots, candidates=names),
        schulze(ballots, candidates=names),
        borda(ballots, candidates=names),
        two_round_from_rankings(ballots, candidates=names),
    ]

    for result in results:
        assert json.loads(json.dumps(result.to_dict()))["winners"] == result.winners


def test_a_large_random_stv_count_accounts_for_every_ballot():
    rng = random.Random(5)
    names = [f"C{number}" for number in range(12)]
    ballots = [
        RankedBallot(tuple(rng.sample(names, rng.randint(1, 12))), rng.randint(1, 9))
        for _ in range(2000)
    ]

    result = stv(ballots, 4)

    assert len(result.winners) == 4
    final = stages(result)[-1]
    total = sum(final["tallies"].values()) + final["exhausted"]
    assert total + final["rounding_loss"] == total_count(ballots)
