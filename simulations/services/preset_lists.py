"""The electoral committees a mock election starts with, from real elections.

A mock Sejm election is more instructive with the committees that really stood in
the chosen constituency, numbered as on the real ballot. They come from the
National Electoral Commission's (PKW) results of the Sejm election of 15 October
2023 per constituency (``sejm2023_constituency_results.csv``): the committees in
the order of their list numbers, their kind as :mod:`simulations.voting.pkw`
classifies them (a coalition needs 8%, a national minority is exempt), and the
constituencies where a committee did not stand everywhere.

Other presets have no such data here: their lists are added by hand. Pure data
and functions, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

PARTY, COALITION, MINORITY = "party", "coalition", "minority"
SOURCE = "PKW, Sejm 2023"


@dataclass(frozen=True)
class PresetList:
    """A committee's list: the name on the ballot, its number and its kind."""

    number: int
    name: str
    kind: str


# (list number, name, kind, constituencies where it stood; None: all 41).
SEJM_2023 = (
    (1, "KOMITET WYBORCZY BEZPARTYJNI SAMORZĄDOWCY", PARTY, None),
    (
        2,
        "KOALICYJNY KOMITET WYBORCZY TRZECIA DROGA POLSKA 2050 SZYMONA HOŁOWNI - "
        "POLSKIE STRONNICTWO LUDOWE",
        COALITION,
        None,
    ),
    (3, "KOMITET WYBORCZY NOWA LEWICA", PARTY, None),
    (4, "KOMITET WYBORCZY PRAWO I SPRAWIEDLIWOŚĆ", PARTY, None),
    (5, "KOMITET WYBORCZY KONFEDERACJA WOLNOŚĆ I NIEPODLEGŁOŚĆ", PARTY, None),
    (
        6,
        "KOALICYJNY KOMITET WYBORCZY KOALICJA OBYWATELSKA PO .N IPL ZIELONI",
        COALITION,
        None,
    ),
    (
        7,
        "KOMITET WYBORCZY POLSKA JEST JEDNA",
        PARTY,
        frozenset(range(1, 42)) - {22, 39},
    ),
    (
        8,
        "KOMITET WYBORCZY WYBORCÓW RUCHU DOBROBYTU I POKOJU",
        PARTY,
        frozenset({5, 6, 7, 10, 11, 17, 22, 24, 33, 37, 41}),
    ),
    (9, "KOMITET WYBORCZY NORMALNY KRAJ", PARTY, frozenset({18, 27, 33, 34})),
    (10, "KOMITET WYBORCZY ANTYPARTIA", PARTY, frozenset({8})),
    (11, "KOMITET WYBORCZY RUCH NAPRAWY POLSKI", PARTY, frozenset({18})),
    (12, "KOMITET WYBORCZY WYBORCÓW MNIEJSZOŚĆ NIEMIECKA", MINORITY, frozenset({21})),
)

PRESET_LISTS = {"sejm": SEJM_2023}


def has_lists(preset_key: str) -> bool:
    return preset_key in PRESET_LISTS


def preset_lists(preset_key: str, constituency: int) -> list[PresetList]:
    """Returns the lists that stood in ``constituency`` of the preset, in the order
    of their numbers; none when the preset has no such data."""
    return [
        PresetList(number, name, kind)
        for number, name, kind, where in PRESET_LISTS.get(preset_key, ())
        if where is None or constituency in where
    ]
