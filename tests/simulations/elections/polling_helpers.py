"""Helpers of the polling-station tests: protocols as a commission types them."""

from __future__ import annotations

from simulations import services
from simulations.models import ElectionKind
from simulations.services.protocol_rules import ProtocolFigures

from .conftest import class_election


def figures(**values) -> ProtocolFigures:
    """A protocol's figures; the totals default to a consistent empty protocol."""
    base = {
        "eligible": 0,
        "issued": 0,
        "in_box": 0,
        "invalid": 0,
        "blank": 0,
        "valid": 0,
    }
    return ProtocolFigures(**{**base, **values})


def option_map(election, contest=None) -> dict[str, int]:
    """Option ids by name in the election's (only) contest."""
    contest = contest or election.contests.get()
    return dict(contest.options.values_list("name", "pk"))


def custom_election(world, *, method, names, seats=None, title="Wybory próbne"):
    """An open custom election in the world's class with candidates by name."""
    election = services.election_create(
        by=world.teacher,
        school=world.school,
        kind=ElectionKind.CUSTOM,
        title=title,
        classrooms=[world.classroom],
        method=method,
        seats=seats,
    )
    contest = election.contests.get()
    for name in names:
        services.option_add(by=world.teacher, contest=contest, name=name)
    return services.election_open(by=world.teacher, election=election)


def list_election(world, lists: dict[str, list[str]], *, seats=2):
    """An open custom D'Hondt election with the given lists and candidates."""
    election = services.election_create(
        by=world.teacher,
        school=world.school,
        kind=ElectionKind.CUSTOM,
        title="Rada miasta (próba)",
        classrooms=[world.classroom],
        method="dhondt",
        seats=seats,
    )
    contest = election.contests.get()
    for list_name, candidates in lists.items():
        party_list = services.option_add(
            by=world.teacher, contest=contest, name=list_name, list_kind="party"
        )
        for name in candidates:
            services.option_add(
                by=world.teacher, contest=contest, name=name, party_list=party_list
            )
    return services.election_open(by=world.teacher, election=election)


def open_two_candidates(world):
    """An open class election with the world's two pupils standing."""
    election = class_election(world)
    return services.election_open(by=world.teacher, election=election)
