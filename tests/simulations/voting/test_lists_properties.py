"""Properties every party-list count keeps, checked on random elections."""

from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from simulations.voting.base import VotingError
from simulations.voting.lists import (
    JSON_METHODS,
    Thresholds,
    apportion,
    dhondt,
    hare_niemeyer,
    sainte_lague,
)

METHODS = sorted(JSON_METHODS)
DIVISOR_COUNTS = {"dhondt": dhondt, "sainte_lague": sainte_lague}

votes_strategy = st.dictionaries(
    keys=st.sampled_from("ABCDEFGH"),
    values=st.integers(min_value=0, max_value=2_000_000),
    min_size=1,
    max_size=8,
).filter(lambda votes: any(votes.values()))
# Small counts make ties frequent, so tie-breaking is exercised too.
tie_prone_votes = st.dictionaries(
    keys=st.sampled_from("ABCDEF"),
    values=st.integers(min_value=0, max_value=12),
    min_size=1,
    max_size=6,
).filter(lambda votes: any(votes.values()))
any_votes = st.one_of(votes_strategy, tie_prone_votes)
seats_strategy = st.integers(min_value=0, max_value=40)
share_strategy = st.fractions(min_value=0, max_value=Fraction(1, 5))
quick = settings(max_examples=150, deadline=None)


@quick
@given(votes=any_votes, seats=seats_strategy, method=st.sampled_from(METHODS))
def test_seats_add_up_to_the_house_size(votes, seats, method):
    result = apportion(votes, seats, method=method)
    assert sum(result.seats.values()) == seats
    assert set(result.seats) == set(votes)


@quick
@given(
    votes=any_votes,
    seats=seats_strategy,
    method=st.sampled_from(METHODS),
    share=share_strategy,
    exempt=st.sets(st.sampled_from("ABCDEFGH"), max_size=2),
)
def test_lists_under_the_threshold_and_not_exempt_get_nothing(
    votes, seats, method, share, exempt
):
    exempt = frozenset(exempt & set(votes))
    thresholds = Thresholds({"party": share}, exempt=exempt)
    try:
        result = apportion(votes, seats, method=method, thresholds=thresholds)
    except VotingError:
        # Nobody passed, or only lists without votes did.
        return
    total = sum(votes.values())
    for name, count in votes.items():
        if name not in exempt and Fraction(count, total) < share:
            assert result.seats[name] == 0


@quick
@given(
    votes=any_votes,
    seats=st.integers(min_value=0, max_value=30),
    method=st.sampled_from(sorted(DIVISOR_COUNTS)),
)
def test_divisor_methods_never_take_a_seat_away_when_the_house_grows(
    votes, seats, method
):
    count = DIVISOR_COUNTS[method]
    smaller = count(votes, seats).seats
    larger = count(votes, seats + 1).seats
    assert all(larger[name] >= smaller[name] for name in votes)


@quick
@given(votes=any_votes, seats=seats_strategy)
def test_dhondt_gives_every_list_at_least_its_lower_quota(votes, seats):
    result = dhondt(votes, seats)
    total = sum(votes.values())
    for name, count in votes.items():
        assert result.seats[name] >= count * seats // total


@quick
@given(votes=any_votes, seats=seats_strategy)
def test_hare_niemeyer_keeps_every_list_within_its_quota(votes, seats):
    result = hare_niemeyer(votes, seats)
    total = sum(votes.values())
    for name, count in votes.items():
        quota = Fraction(count * seats, total)
        assert quota - 1 < result.seats[name] < quota + 1


@quick
@given(
    votes=votes_strategy,
    seats=seats_strategy,
    method=st.sampled_from(METHODS),
    factor=st.integers(min_value=2, max_value=1000),
)
def test_multiplying_all_votes_by_one_number_changes_no_seat(
    votes, seats, method, factor
):
    scaled = {name: count * factor for name, count in votes.items()}
    assert (
        apportion(scaled, seats, method=method).seats
        == apportion(votes, seats, method=method).seats
    )


@quick
@given(votes=tie_prone_votes, seats=seats_strategy, method=st.sampled_from(METHODS))
def test_every_tie_records_its_rule_and_a_lot_its_seed(votes, seats, method):
    assume(len(votes) > 1)
    for tie in apportion(votes, seats, method=method).ties:
        assert set(tie.chosen) < set(tie.between)
        assert tie.rule
        assert ("lot" in tie.rule) == (tie.seed is not None)
