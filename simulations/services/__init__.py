"""Writes of simulations, as typed keyword-only functions named ``<entity>_<action>``.

``rules`` and ``counting`` are the pure core (no Django): what a ballot may hold
under each method, and counting grouped ballots with :mod:`simulations.voting`.
"""

from simulations.services.candidates import (
    candidacy_approve,
    candidacy_submit,
    candidacy_withdraw,
    electorate_assign,
    electorate_set,
    option_add,
    option_remove,
)
from simulations.services.elections import (
    contest_add,
    contest_update,
    election_create,
    election_update,
)
from simulations.services.lifecycle import (
    election_close,
    election_open,
    election_publish,
    election_second_round_create,
)
from simulations.services.polling import (
    booth_lock,
    booth_unlock,
    booth_unlock_find,
    paper_protocol_save,
)
from simulations.services.tally import ElectionTally, election_tally, station_tally
from simulations.services.voting import (
    IssuedVotingCode,
    Receipt,
    ballot_cast,
    voting_code_find,
    voting_code_usable,
    voting_codes_issue,
)

__all__ = [
    "ElectionTally",
    "IssuedVotingCode",
    "Receipt",
    "ballot_cast",
    "booth_lock",
    "booth_unlock",
    "booth_unlock_find",
    "candidacy_approve",
    "candidacy_submit",
    "candidacy_withdraw",
    "contest_add",
    "contest_update",
    "election_close",
    "election_create",
    "election_open",
    "election_publish",
    "election_second_round_create",
    "election_tally",
    "election_update",
    "electorate_assign",
    "electorate_set",
    "option_add",
    "option_remove",
    "paper_protocol_save",
    "station_tally",
    "voting_code_find",
    "voting_code_usable",
    "voting_codes_issue",
]
