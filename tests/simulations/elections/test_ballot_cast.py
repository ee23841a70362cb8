"""Casting a ballot: a voter gets a tracker, and every bad input changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from simulations import services
from simulations.models import (
    BallotRecord,
    ElectionState,
    VoterParticipation,
    VotingCode,
)
from youth_civics import codes

from .conftest import (
    ballot,
    class_election,
    future,
    issue_codes,
    open_class_election,
    option_ids,
    past,
)

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything a cast could write."""
    return (
        sorted(BallotRecord.objects.values_list("tracker", flat=True)),
        sorted(VotingCode.objects.values_list("code_hash", "spent", "void")),
        VoterParticipation.objects.count(),
    )


def assert_refused(code_name, **cast):
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        services.ballot_cast(**cast)
    assert caught.value.code == code_name, caught.value.messages
    assert snapshot() == before
    return caught.value


# The happy paths ------------------------------------------------------------------


def test_a_voter_with_a_code_gets_a_tracker_for_their_counted_ballot(
    school_a, coded_election
):
    code, _ = issue_codes(school_a, coded_election)
    first, _second = option_ids(coded_election)

    (receipt,) = services.ballot_cast(
        election=coded_election,
        code=code,
        choices=ballot(coded_election, {"mark": first}),
    )

    record = BallotRecord.objects.get()
    assert record.tracker == receipt.tracker
    assert record.choices == {"mark": first}
    assert record.station == school_a.classroom
    assert len(receipt.tracker) == 20
    assert VotingCode.objects.filter(spent=True).count() == 1


def test_a_code_typed_with_small_letters_and_without_dashes_works(
    school_a, coded_election
):
    code, _ = issue_codes(school_a, coded_election)
    typed = codes.display(code).lower().replace("-", " ")

    services.ballot_cast(
        election=coded_election,
        code=typed,
        choices=ballot(coded_election, {"blank": True}),
    )

    assert BallotRecord.objects.get().status == "blank"


def test_a_signed_in_pupil_votes_once_and_is_recorded_as_having_voted(
    school_a, signed_in_election
):
    pupil = school_a.pupils[0]
    first, _ = option_ids(signed_in_election)

    services.ballot_cast(
        election=signed_in_election,
        pupil=pupil,
        choices=ballot(signed_in_election, {"mark": first}),
    )

    assert VoterParticipation.objects.get().pupil == pupil
    assert BallotRecord.objects.count() == 1


def test_blank_and_spoiled_ballots_are_kept_apart_from_valid_ones(
    school_a, coded_election
):
    blank_code, spoiled_code = issue_codes(school_a, coded_election)
    for code, body in (
        (blank_code, {"blank": True}),
        (spoiled_code, {"spoiled": True}),
    ):
        services.ballot_cast(
            election=coded_election, code=code, choices=ballot(coded_election, body)
        )

    statuses = sorted(BallotRecord.objects.values_list("status", "choices"))
    assert statuses == [("blank", {}), ("spoiled", {})]


# Codes that do not work ------------------------------------------------------------


def test_a_used_code_cannot_vote_again(school_a, coded_election):
    code, _ = issue_codes(school_a, coded_election)
    first, second = option_ids(coded_election)
    services.ballot_cast(
        election=coded_election,
        code=code,
        choices=ballot(coded_election, {"mark": first}),
    )

    assert_refused(
        "spent_code",
        election=coded_election,
        code=code,
        choices=ballot(coded_election, {"mark": second}),
    )


def test_a_mistyped_code_is_caught_by_its_check_character(school_a, coded_election):
    code, _ = issue_codes(school_a, coded_election)
    wrong = code[:3] + ("0" if code[3] != "0" else "1") + code[4:]

    assert_refused(
        "mistyped_code",
        election=coded_election,
        code=wrong,
        choices=ballot(coded_election, {"blank": True}),
    )


def test_a_well_formed_code_that_was_never_issued_is_unknown(coded_election):
    assert_refused(
        "unknown_code",
        election=coded_election,
        code=codes.generate(),
        choices=ballot(coded_election, {"blank": True}),
    )


def test_a_code_of_another_election_is_refused(school_a, coded_election):
    other = open_class_election(school_a, title="Inne wybory")
    code, _ = issue_codes(school_a, other)

    assert_refused(
        "other_election",
        election=coded_election,
        code=code,
        choices=ballot(coded_election, {"blank": True}),
    )


def test_reprinting_the_slips_voids_the_old_unspent_codes(school_a, coded_election):
    old, _ = issue_codes(school_a, coded_election)
    issue_codes(school_a, coded_election)

    assert_refused(
        "void_code",
        election=coded_election,
        code=old,
        choices=ballot(coded_election, {"blank": True}),
    )


def test_reprinting_after_some_voted_issues_codes_only_for_the_rest(
    school_a, coded_election
):
    code, _ = issue_codes(school_a, coded_election)
    services.ballot_cast(
        election=coded_election,
        code=code,
        choices=ballot(coded_election, {"blank": True}),
    )

    assert len(issue_codes(school_a, coded_election)) == 1


# Outside the voting time -------------------------------------------------------------


def test_nobody_votes_before_the_election_opens(school_a):
    draft = class_election(school_a)
    code, _ = issue_codes(school_a, draft)

    assert_refused(
        "not_open", election=draft, code=code, choices=ballot(draft, {"blank": True})
    )


def test_nobody_votes_before_a_scheduled_opening_time(school_a):
    election = open_class_election(school_a, opens_at=future(30), closes_at=future(90))
    code, _ = issue_codes(school_a, election)

    assert_refused(
        "not_open",
        election=election,
        code=code,
        choices=ballot(election, {"blank": True}),
    )


def test_nobody_votes_after_the_election_closes(school_a, coded_election):
    code, _ = issue_codes(school_a, coded_election)
    services.election_close(by=school_a.teacher, election=coded_election)

    assert_refused(
        "closed",
        election=coded_election,
        code=code,
        choices=ballot(coded_election, {"blank": True}),
    )


def test_the_server_refuses_ballots_once_the_closing_time_passes(school_a):
    election = open_class_election(school_a, closes_at=future(30))
    code, _ = issue_codes(school_a, election)
    type(election).objects.filter(pk=election.pk).update(
        opens_at=past(60), closes_at=past(1)
    )
    election.refresh_from_db()

    assert election.state == ElectionState.OPEN
    assert_refused(
        "closed",
        election=election,
        code=code,
        choices=ballot(election, {"blank": True}),
    )


# Ballots that do not fit the method ------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"mark": 0},
        {"mark": "1"},
        {"mark": True},
        {"marks": []},
        {"ranking": [1, 2]},
        {"answer": "yes"},
        {"blank": False},
        {"blank": True, "mark": 1},
        [],
        "yes",
    ],
)
def test_a_ballot_that_does_not_fit_one_mark_changes_nothing(
    school_a, coded_election, body
):
    code, _ = issue_codes(school_a, coded_election)

    assert_refused(
        "bad_ballot",
        election=coded_election,
        code=code,
        choices=ballot(coded_election, body),
    )
    assert VotingCode.objects.filter(spent=True).count() == 0


def test_a_candidate_of_another_contest_is_not_on_this_ballot(school_a, coded_election):
    other = open_class_election(school_a, title="Inne wybory")
    code, _ = issue_codes(school_a, coded_election)
    foreign = option_ids(other)[0]

    assert_refused(
        "bad_ballot",
        election=coded_election,
        code=code,
        choices=ballot(coded_election, {"mark": foreign}),
    )


def test_choices_must_answer_exactly_the_voters_contests(school_a, coded_election):
    code, _ = issue_codes(school_a, coded_election)

    for choices in ({}, {"999": {"blank": True}}, [{"blank": True}]):
        assert_refused(
            "wrong_contests", election=coded_election, code=code, choices=choices
        )


def test_a_student_council_ballot_takes_at_most_as_many_marks_as_seats(school_a):
    from .conftest import more_pupils

    pupils = more_pupils(school_a, 3)
    election = open_class_election(
        school_a, kind="student_council", seats=2, title="Samorząd", pupils=pupils
    )
    code, *_ = issue_codes(school_a, election)
    a, b, c, *_ = option_ids(election)

    error = assert_refused(
        "bad_ballot",
        election=election,
        code=code,
        choices=ballot(election, {"marks": [a, b, c]}),
    )
    assert "2" in error.messages[0]
    services.ballot_cast(
        election=election, code=code, choices=ballot(election, {"marks": [b, a]})
    )
    assert BallotRecord.objects.get().choices == {"marks": sorted([a, b])}


# Signed-in pupils --------------------------------------------------------------------


def test_a_signed_in_pupil_cannot_vote_twice(school_a, signed_in_election):
    pupil = school_a.pupils[0]
    choices = ballot(signed_in_election, {"blank": True})
    services.ballot_cast(election=signed_in_election, pupil=pupil, choices=choices)

    assert_refused(
        "already_voted", election=signed_in_election, pupil=pupil, choices=choices
    )


def test_a_pupil_of_a_class_that_does_not_vote_is_refused(
    school_a, school_b, signed_in_election
):
    assert_refused(
        "not_in_electorate",
        election=signed_in_election,
        pupil=school_b.pupils[0],
        choices=ballot(signed_in_election, {"blank": True}),
    )


def test_an_election_voted_with_codes_takes_no_signed_in_ballots(
    school_a, coded_election
):
    assert_refused(
        "wrong_access",
        election=coded_election,
        pupil=school_a.pupils[0],
        choices=ballot(coded_election, {"blank": True}),
    )


def test_an_election_voted_signed_in_issues_no_codes(school_a, signed_in_election):
    with pytest.raises(ValidationError) as caught:
        issue_codes(school_a, signed_in_election)
    assert caught.value.code == "wrong_access"
