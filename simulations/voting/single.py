"""Single-winner methods: plurality, two-round majority, instant-runoff, approval,
Borda and Condorcet/Schulze.

Every function takes ballots from :mod:`.ballots`, an optional list of candidates
(candidates nobody marked still stand) and a seeded :class:`~.base.Lot` for ties no
rule settles, and returns a :class:`~.base.Result` whose ``winners`` holds the one
winner. Counts are exact: whole numbers, and :class:`~fractions.Fraction` for
shares.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from .ballots import (
    ApprovalBallot,
    Ballot,
    RankedBallot,
    SingleMarkBallot,
    candidate_list,
    check_keys,
    first_preferences,
    group_rankings,
    parse_approval_ballots,
    parse_ranked_ballots,
    parse_single_mark_ballots,
    read_candidates,
    read_lot,
    total_count,
)
from .base import Lot, Result, TieBreak, VotingError

TWO_ROUND_SOURCE = (
    "Constitution of the Republic of Poland art. 127(4)-(6); Electoral Code art. 292"
)


# Shared by the methods here and in .ranked


def prepare(
    ballots: Sequence[Ballot], candidates: Sequence[str] | None
) -> tuple[list[str], int]:
    """Returns the candidates and the number of valid votes, refusing an empty count."""
    names = candidate_list(ballots, candidates)
    valid = total_count(ballots)
    if valid == 0:
        raise VotingError("there are no valid votes to count")
    return names, valid


def percentages(votes: Mapping[str, Any], total: int) -> dict[str, Fraction]:
    """Returns each share of ``total`` in per cent, exactly."""
    return {name: Fraction(value) * 100 / total for name, value in votes.items()}


def select_top(
    scores: Mapping[str, Any], k: int, *, lot: Lot, context: str
) -> tuple[list[str], TieBreak | None]:
    """Returns the ``k`` names with the highest scores, best first.

    Names level on the last place taken are drawn by ``lot``; the draw is returned
    with the names so the caller can record it.
    """
    order = sorted(scores, key=lambda name: scores[name], reverse=True)
    if k >= len(order):
        return order, None
    cutoff = scores[order[k - 1]]
    above = [name for name in order if scores[name] > cutoff]
    level = [name for name in order if scores[name] == cutoff]
    if len(above) + len(level) == k:
        return above + level, None
    draw = lot.draw(level, k - len(above), context=context)
    return above + draw.chosen, draw


def earlier_round_tiebreak(
    tied: Sequence[str],
    history: Sequence[Mapping[str, Any]],
    *,
    lowest: bool,
    lot: Lot,
    context: str,
    rule: str,
) -> TieBreak:
    """Returns how a tie between ``tied`` is broken, looking back round by round.

    The most recent earlier round in which the tied candidates had unequal votes
    decides: the one with the fewest (``lowest``) or the most votes there is
    chosen. If several share that value, earlier rounds are searched for them in
    turn; when every round leaves them level, a seeded lot decides between the
    ones still level.
    """
    remaining = list(tied)
    for tallies in reversed(history):
        values = {name: tallies[name] for name in remaining}
        if len(set(values.values())) > 1:
            pick = min(values.values()) if lowest else max(values.values())
            remaining = [name for name in remaining if values[name] == pick]
            if len(remaining) == 1:
                return TieBreak(
                    between=sorted(tied), chosen=remaining, rule=rule, context=context
                )
    return lot.draw(remaining, 1, context=context)


def _winner_step(name: str, **facts: Any) -> dict[str, Any]:
    return {"kind": "winner", "name": name, **facts}


def _tally(ballots: Iterable[Ballot], names: Sequence[str]) -> dict[str, int]:
    votes = dict.fromkeys(names, 0)
    for ballot in ballots:
        for name in ballot.names:
            votes[name] += ballot.count
    return votes


def _most_votes(method: str, votes: dict[str, int], valid: int, lot: Lot) -> Result:
    (winner,), tie = select_top(votes, 1, lot=lot, context=f"{method} winner")
    return Result(
        method=method,
        winners=[winner],
        steps=[
            {
                "kind": "tally",
                "votes": votes,
                "percent": percentages(votes, valid),
                "valid": valid,
            },
            _winner_step(winner, votes=votes[winner]),
        ],
        ties=[tie] if tie else [],
        details={"valid_votes": valid},
    )


# Plurality and approval


def plurality(
    ballots: Sequence[SingleMarkBallot],
    *,
    candidates: Sequence[str] | None = None,
    lot: Lot | None = None,
) -> Result:
    """Returns the candidate with the most votes (first past the post).

    This is how a Senate constituency elects its senator (Electoral Code art. 273
    § 1). The Code settles a tie by the number of polling districts won, which a
    single ballot box does not have, so a seeded lot settles it here.
    """
    names, valid = prepare(ballots, candidates)
    return _most_votes("plurality", _tally(ballots, names), valid, lot or Lot())


def approval(
    ballots: Sequence[ApprovalBallot],
    *,
    candidates: Sequence[str] | None = None,
    lot: Lot | None = None,
) -> Result:
    """Returns the candidate approved by the most voters.

    Each voter marks every candidate they accept; ``percent`` is the share of
    voters approving each candidate. A tie for the most approvals goes to a
    seeded lot.
    """
    names, voters = prepare(ballots, candidates)
    return _most_votes("approval", _tally(ballots, names), voters, lot or Lot())


# Two-round majority


def _round_step(number: int, votes: dict[str, int], **facts: Any) -> dict[str, Any]:
    valid = sum(votes.values())
    return {
        "kind": "round",
        "round": number,
        "votes": votes,
        "percent": percentages(votes, valid) if valid else {},
        "valid": valid,
        "majority": valid // 2 + 1,
        **facts,
    }


def _runoff_from_marks(
    runoff: Sequence[SingleMarkBallot], finalists: list[str]
) -> dict[str, int]:
    votes = dict.fromkeys(finalists, 0)
    for ballot in runoff:
        if ballot.choice not in votes:
            raise VotingError(
                f"runoff: {ballot.choice!r} is not in the second round "
                f"(only {finalists[0]!r} and {finalists[1]!r} are)"
            )
        votes[ballot.choice] += ballot.count
    if not any(votes.values()):
        raise VotingError("runoff: there are no valid votes in the second round")
    return votes


def _runoff_from_rankings(
    rankings: Sequence[RankedBallot], finalists: list[str]
) -> tuple[dict[str, int], int]:
    votes = dict.fromkeys(finalists, 0)
    abstained = 0
    for ballot in rankings:
        preferred = next((n for n in ballot.ranking if n in votes), None)
        if preferred is None:
            abstained += ballot.count
        else:
            votes[preferred] += ballot.count
    return votes, abstained


def _two_round_count(
    first: dict[str, int],
    valid: int,
    second: Callable[[list[str]], tuple[dict[str, int], dict[str, Any]] | None],
    lot: Lot,
) -> Result:
    result = Result(method="two_round", details={"source": TWO_ROUND_SOURCE})
    result.steps.append(_round_step(1, first))
    leader = max(first, key=first.__getitem__)
    if 2 * first[leader] > valid:
        result.winners = [leader]
        result.steps.append(_winner_step(leader, round=1, votes=first[leader]))
        result.details.update(status="elected_in_round_1")
        return result
    finalists, tie = select_top(first, 2, lot=lot, context="second-round places")
    result.ties.extend([tie] if tie else [])
    result.steps.append({"kind": "runoff", "finalists": finalists})
    result.details.update(finalists=finalists)
    runoff = second(finalists)
    if runoff is None:
        result.winners = []
        result.details.update(status="runoff_needed")
        return result
    votes, facts = runoff
    return _decide_runoff(result, votes, facts, first, lot)


def _decide_runoff(
    result: Result,
    votes: dict[str, int],
    facts: dict[str, Any],
    first: dict[str, int],
    lot: Lot,
) -> Result:
    result.steps.append(_round_step(2, votes, **facts))
    a, b = votes
    if votes[a] != votes[b]:
        winner = a if votes[a] > votes[b] else b
    else:
        tie = earlier_round_tiebreak(
            [a, b],
            [first],
            lowest=False,
            lot=lot,
            context="second round",
            rule="more votes in the first round (the Code is silent on a tie)",
        )
        result.ties.append(tie)
        winner = tie.chosen[0]
    result.winners = [winner]
    result.steps.append(_winner_step(winner, round=2, votes=votes[winner]))
    result.details.update(status="elected_in_round_2")
    return result


def two_round(
    ballots: Sequence[SingleMarkBallot],
    *,
    runoff: Sequence[SingleMarkBallot] | None = None,
    candidates: Sequence[str] | None = None,
    lot: Lot | None = None,
) -> Result:
    """Returns the winner of a two-round majority vote, as for the Polish President.

    A candidate with more than half of the valid votes wins in round one
    (Constitution art. 127(4)); otherwise the two with the most votes meet in a
    second round and the one with more votes wins (art. 127(5)-(6); Electoral
    Code art. 292). ``runoff`` holds the second-round ballots. Without them, when no
    one has a majority, the result names the two ``finalists`` and has no winner
    yet (``details["status"] == "runoff_needed"``). A tie for second place goes to
    a seeded lot; a tied second round, on which the law is silent, goes to more
    first-round votes, then a seeded lot.
    """
    names, valid = prepare(ballots, candidates)
    lot = lot or Lot()
    first = _tally(ballots, names)

    def second(finalists: list[str]) -> tuple[dict[str, int], dict[str, Any]] | None:
        if runoff is None:
            return None
        return _runoff_from_marks(runoff, finalists), {"source": "runoff ballots"}

    result = _two_round_count(first, valid, second, lot)
    if runoff is not None and result.details["status"] == "elected_in_round_1":
        raise VotingError(
            "runoff: a candidate won more than half of the votes in round one, "
            "so there is no second round"
        )
    return result


def two_round_from_rankings(
    ballots: Sequence[RankedBallot],
    *,
    candidates: Sequence[str] | None = None,
    lot: Lot | None = None,
) -> Result:
    """Returns the two-round winner when each voter gave a ranking instead.

    Round one counts first preferences. In round two each ranking goes to
    whichever finalist it ranks higher; a ranking naming neither counts as staying
    at home (``abstained``). The rules are those of :func:`two_round`.
    """
    names, valid = prepare(ballots, candidates)

    def second(finalists: list[str]) -> tuple[dict[str, int], dict[str, Any]]:
        votes, abstained = _runoff_from_rankings(ballots, finalists)
        return votes, {"source": "rankings", "abstained": abstained}

    first = _tally(first_preferences(ballots), names)
    return _two_round_count(first, valid, second, lot or Lot())


# Instant-runoff

Pile = list[tuple[tuple[str, ...], int, int]]


def _move_pile(
    pile: Pile, continuing: set[str], piles: dict[str, Pile], votes: dict[str, int]
) -> tuple[dict[str, int], int]:
    transfers: dict[str, int] = {}
    exhausted = 0
    for ranking, position, count in pile:
        place = position + 1
        while place < len(ranking) and ranking[place] not in continuing:
            place += 1
        if place == len(ranking):
            exhausted += count
            continue
        target = ranking[place]
        piles[target].append((ranking, place, count))
        votes[target] += count
        transfers[target] = transfers.get(target, 0) + count
    return transfers, exhausted


def instant_runoff(
    ballots: Sequence[RankedBallot],
    *,
    candidates: Sequence[str] | None = None,
    lot: Lot | None = None,
) -> Result:
    """Returns the instant-runoff (alternative vote) winner, round by round.

    Each round counts every ballot for its highest-ranked candidate still in the
    race. A candidate with more than half of those votes (``majority``; ballots
    whose candidates are all out are ``exhausted`` and not counted) wins;
    otherwise the candidate with the fewest votes is eliminated and their ballots
    move on to the next preference still in the race (``transfers``). A tie for
    fewest goes to the candidate with fewer votes in the most recent round where
    the tied candidates differed, as in the Scottish STV rules (SSI 2007/42
    Sch. 1 r. 51), then to a seeded lot.
    """
    names, valid = prepare(ballots, candidates)
    lot = lot or Lot()
    piles, votes = _first_preference_piles(ballots, names)
    result = Result(method="irv", details={"valid_votes": valid})
    continuing = list(names)
    exhausted = 0
    history: list[dict[str, int]] = []
    while True:
        tallies = {name: votes[name] for name in continuing}
        history.append(tallies)
        active = valid - exhausted
        step = {
            "kind": "round",
            "round": len(history),
            "tallies": tallies,
            "active": active,
            "exhausted": exhausted,
            "majority": active // 2 + 1,
        }
        result.steps.append(step)
        leader = max(continuing, key=tallies.__getitem__)
        if 2 * tallies[leader] > active or len(continuing) == 1:
            step["elected"] = leader
            result.winners = [leader]
            break
        loser = _fewest(tallies, history, lot, result.ties, len(history))
        continuing.remove(loser)
        transfers, lost = _move_pile(piles.pop(loser), set(continuing), piles, votes)
        exhausted += lost
        step.update(
            eliminated=loser,
            transfers={
                name: transfers[name] for name in continuing if name in transfers
            },
            exhausted_now=lost,
        )
    result.details.update(rounds=len(history), exhausted=exhausted)
    return result


def _first_preference_piles(
    ballots: Sequence[RankedBallot], names: Sequence[str]
) -> tuple[dict[str, Pile], dict[str, int]]:
    piles: dict[str, Pile] = {name: [] for name in names}
    for ballot in group_rankings(ballots):
        piles[ballot.ranking[0]].append((ballot.ranking, 0, ballot.count))
    votes = {name: sum(entry[2] for entry in piles[name]) for name in names}
    return piles, votes


def _fewest(
    tallies: dict[str, int],
    history: list[dict[str, int]],
    lot: Lot,
    ties: list[TieBreak],
    round_number: int,
) -> str:
    low = min(tallies.values())
    tied = [name for name, value in tallies.items() if value == low]
    if len(tied) == 1:
        return tied[0]
    tie = earlier_round_tiebreak(
        tied,
        history[:-1],
        lowest=True,
        lot=lot,
        context=f"elimination in round {round_number}",
        rule="fewest votes in the most recent earlier round where they differed",
    )
    ties.append(tie)
    return tie.chosen[0]


# Borda


def borda(
    ballots: Sequence[RankedBallot],
    *,
    candidates: Sequence[str] | None = None,
    lot: Lot | None = None,
) -> Result:
    """Returns the Borda winner: points by place on each ranking, most points wins.

    With ``n`` candidates, a ranking gives ``n - 1`` points to its first name,
    ``n - 2`` to the second, and so on down to 0 for the last place. A truncated
    ranking gives its listed names the same points as a full one would and every
    name it leaves out 0 points; ranking fewer names therefore helps a favourite
    against the unlisted ones. A tie for the most points goes to a seeded lot.
    """
    names, valid = prepare(ballots, candidates)
    scheme = list(range(len(names) - 1, -1, -1))
    places = {name: [0] * len(names) for name in names}
    for ballot in ballots:
        for place, name in enumerate(ballot.ranking):
            places[name][place] += ballot.count
    points = {
        name: sum(
            count * value for count, value in zip(places[name], scheme, strict=True)
        )
        for name in names
    }
    (winner,), tie = select_top(points, 1, lot=lot or Lot(), context="Borda winner")
    return Result(
        method="borda",
        winners=[winner],
        steps=[
            {"kind": "points_scheme", "points_by_place": scheme, "unranked": 0},
            {"kind": "places", "counts": places},
            {"kind": "points", "points": points},
            _winner_step(winner, points=points[winner]),
        ],
        ties=[tie] if tie else [],
        details={"valid_votes": valid},
    )


# Condorcet and Schulze

Matrix = dict[str, dict[str, int]]


def pairwise_preferences(
    ballots: Iterable[RankedBallot], names: Sequence[str]
) -> Matrix:
    """Returns ``d[a][b]``: how many voters rank ``a`` above ``b``.

    A listed candidate is above every candidate the ranking leaves out; the left
    out ones are level with each other.
    """
    d = {a: {b: 0 for b in names if b != a} for a in names}
    for ballot in group_rankings(ballots):
        unranked = [name for name in names if name not in set(ballot.ranking)]
        for place, a in enumerate(ballot.ranking):
            row = d[a]
            for b in (*ballot.ranking[place + 1 :], *unranked):
                row[b] += ballot.count
    return d


def condorcet_winner(d: Matrix) -> str | None:
    """Returns the candidate who beats every other one head to head, if any."""
    for a, row in d.items():
        if all(row[b] > d[b][a] for b in row):
            return a
    return None


def strongest_paths(d: Matrix) -> Matrix:
    """Returns ``p[a][b]``, the strength of the strongest path from ``a`` to ``b``.

    A link ``a -> b`` exists when more voters prefer ``a`` to ``b`` than the
    reverse and is as strong as ``d[a][b]`` (winning votes); a path is as strong
    as its weakest link (Schulze 2011, section 2.2).
    """
    names = list(d)
    p = {a: {b: d[a][b] if d[a][b] > d[b][a] else 0 for b in d[a]} for a in names}
    for via in names:
        for a in names:
            if a == via:
                continue
            for b in names:
                if b not in (a, via):
                    p[a][b] = max(p[a][b], min(p[a][via], p[via][b]))
    return p


def schulze_ranking(p: Matrix) -> list[list[str]]:
    """Returns the Schulze order as levels, best first.

    ``a`` is better than ``b`` when ``p[a][b] > p[b][a]``; each level holds the
    candidates no remaining candidate is better than.
    """
    remaining = list(p)
    levels = []
    while remaining:
        level = [
            a for a in remaining if all(p[a][b] >= p[b][a] for b in remaining if b != a)
        ]
        levels.append(level)
        remaining = [name for name in remaining if name not in level]
    return levels


def schulze(
    ballots: Sequence[RankedBallot],
    *,
    candidates: Sequence[str] | None = None,
    lot: Lot | None = None,
) -> Result:
    """Returns the Schulze winner, with the Condorcet winner when there is one.

    The steps show the pairwise preferences ``d``, the Condorcet winner (the
    candidate who beats each other one head to head) if one exists, the strongest
    path strengths ``p`` and the resulting order (M. Schulze, "A new monotonic,
    clone-independent, reversal symmetric, and Condorcet-consistent single-winner
    election method", Social Choice and Welfare 36 (2011) 267-303). A Condorcet
    winner is always the Schulze winner. Several potential winners (a tie) go to
    a seeded lot.
    """
    names, valid = prepare(ballots, candidates)
    d = pairwise_preferences(ballots, names)
    p = strongest_paths(d)
    levels = schulze_ranking(p)
    tie = None
    if len(levels[0]) > 1:
        tie = (lot or Lot()).draw(levels[0], 1, context="Schulze winner")
    winner = tie.chosen[0] if tie else levels[0][0]
    return Result(
        method="schulze",
        winners=[winner],
        steps=[
            {"kind": "pairwise_preferences", "matrix": d},
            {"kind": "condorcet", "winner": condorcet_winner(d)},
            {"kind": "strongest_paths", "matrix": p},
            {"kind": "ranking", "levels": levels},
            _winner_step(winner),
        ],
        ties=[tie] if tie else [],
        details={"valid_votes": valid, "ranking": levels},
    )


# JSON adapters

_OPTIONAL = ["method", "candidates", "seed"]


def _read(data: Any, parse: Callable[..., list], extra: Sequence[str] = ()) -> tuple:
    data = check_keys(data, required=["ballots"], optional=[*_OPTIONAL, *extra])
    names = read_candidates(data)
    return data, parse(data["ballots"], candidates=names), names, read_lot(data)


def _plurality_json(data: Any) -> Result:
    _, ballots, names, lot = _read(data, parse_single_mark_ballots)
    return plurality(ballots, candidates=names, lot=lot)


def _approval_json(data: Any) -> Result:
    _, ballots, names, lot = _read(data, parse_approval_ballots)
    return approval(ballots, candidates=names, lot=lot)


def _ranked_json(method: Callable[..., Result]) -> Callable[[Any], Result]:
    def adapter(data: Any) -> Result:
        _, ballots, names, lot = _read(data, parse_ranked_ballots)
        return method(ballots, candidates=names, lot=lot)

    return adapter


def _two_round_json(data: Any) -> Result:
    items = data.get("ballots") if isinstance(data, dict) else None
    ranked = bool(items) and isinstance(items[0], dict) and "ranking" in items[0]
    if ranked:
        if "runoff" in data:
            raise VotingError(
                "'runoff' goes with single-mark ballots; with rankings the second "
                "round is read from the rankings"
            )
        _, ballots, names, lot = _read(data, parse_ranked_ballots)
        return two_round_from_rankings(ballots, candidates=names, lot=lot)
    data, ballots, names, lot = _read(data, parse_single_mark_ballots, ["runoff"])
    runoff = None
    if "runoff" in data:
        runoff = parse_single_mark_ballots(data["runoff"], where="runoff")
    return two_round(ballots, runoff=runoff, candidates=names, lot=lot)


JSON_METHODS: dict[str, Callable[[Any], Result]] = {
    "plurality": _plurality_json,
    "two_round": _two_round_json,
    "irv": _ranked_json(instant_runoff),
    "approval": _approval_json,
    "borda": _ranked_json(borda),
    "schulze": _ranked_json(schulze),
}
