"""The models of simulations: elections for now (council sittings and budgets come
as their own modules)."""

from simulations.models.elections import (
    PRESET_KINDS,
    BallotAccess,
    BallotRecord,
    BallotStatus,
    Candidacy,
    Contest,
    Election,
    ElectionKind,
    ElectionState,
    Electorate,
    ListKind,
    Method,
    Option,
    Quorum,
    VoterParticipation,
    VotingCode,
)

__all__ = [
    "PRESET_KINDS",
    "BallotAccess",
    "BallotRecord",
    "BallotStatus",
    "Candidacy",
    "Contest",
    "Election",
    "ElectionKind",
    "ElectionState",
    "Electorate",
    "ListKind",
    "Method",
    "Option",
    "Quorum",
    "VoterParticipation",
    "VotingCode",
]
