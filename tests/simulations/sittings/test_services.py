"""A sitting through its services: each action, and each refusal with its
message and nothing changed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from simulations.models import (
    Amendment,
    Attendance,
    Motion,
    Resolution,
    SecretChoice,
    Sitting,
    SpeakerRequest,
    Vote,
    VoteCast,
    VoteParticipation,
)
from simulations.services import sittings as services

from .conftest import open_sitting, student_council, vote_all

pytestmark = pytest.mark.django_db


def assert_refused(code, function, **kwargs):
    with pytest.raises(ValidationError) as caught:
        function(**kwargs)
    assert caught.value.code == code
    return caught.value.messages[0]


def rows():
    """Everything a refused action must leave as it was."""
    return (
        list(Sitting.objects.order_by("pk").values_list("state", "current_item")),
        list(Motion.objects.order_by("pk").values_list("state", "text")),
        list(Amendment.objects.order_by("pk").values_list("state")),
        list(Vote.objects.order_by("pk").values_list("is_open", "passed")),
        VoteParticipation.objects.count(),
        VoteCast.objects.count(),
        SecretChoice.objects.count(),
        Resolution.objects.count(),
        Attendance.objects.count(),
    )


def motion(cw, **extra):
    return services.motion_add(
        by=cw.chair,
        sitting=cw.sitting,
        title="Dyskoteka",
        text="Dyskoteka odbędzie się w piątek.",
        **extra,
    )


# Opening and closing ------------------------------------------------------------


def test_a_sitting_is_numbered_after_the_last_one(council_a):
    first = services.sitting_create(
        by=council_a.chair,
        council=council_a.council,
        title="A",
        scheduled_for=datetime.date(2026, 10, 1),
    )
    second = services.sitting_create(
        by=council_a.chair,
        council=council_a.council,
        title="B",
        scheduled_for=datetime.date(2026, 11, 1),
    )
    assert (first.number, second.number) == (1, 2)


def test_a_closed_sitting_cannot_reopen_or_change(sitting_a):
    services.sitting_close(by=sitting_a.chair, sitting=sitting_a.sitting)
    before = rows()

    assert_refused(
        "sitting_closed",
        services.sitting_open,
        by=sitting_a.chair,
        sitting=sitting_a.sitting,
    )
    assert_refused("sitting_closed", motion, cw=sitting_a)
    assert_refused(
        "sitting_closed",
        services.attendance_mark,
        by=sitting_a.member(1),
        sitting=sitting_a.sitting,
        present=False,
    )
    assert rows() == before


def test_a_sitting_is_not_closed_during_a_vote(sitting_a):
    vote = services.vote_open(by=sitting_a.chair, kind="open", motion=motion(sitting_a))

    message = assert_refused(
        "vote_in_progress",
        services.sitting_close,
        by=sitting_a.chair,
        sitting=sitting_a.sitting,
    )
    assert "Close it first" in message
    assert Vote.objects.get(pk=vote.pk).is_open


def test_a_member_without_the_chair_role_does_not_run_the_sitting(sitting_a):
    assert_refused(
        "not_the_chair",
        services.sitting_close,
        by=sitting_a.member(2),
        sitting=sitting_a.sitting,
    )


def test_the_pupil_chair_runs_the_sitting(sitting_a):
    pupil_chair = sitting_a.member(0)
    vote = services.vote_open(by=pupil_chair, kind="open", motion=motion(sitting_a))
    vote_all(sitting_a, vote, ["for", "for", "for"])
    outcome = services.vote_close(by=pupil_chair, vote=vote)
    assert outcome.passed


def test_another_schools_staff_and_pupils_find_no_sitting(sitting_a, school_b):
    for user in (school_b.teacher, school_b.coordinator, school_b.pupils[0].user):
        with pytest.raises(Http404):
            services.sitting_close(by=user, sitting=sitting_a.sitting)
        with pytest.raises(Http404):
            services.speaker_request(by=user, sitting=sitting_a.sitting)


# Attendance and quorum ------------------------------------------------------------


def test_members_mark_themselves_and_the_chair_marks_anyone(council_a):
    cw = open_sitting(council_a, present=1)
    services.attendance_mark(
        by=cw.chair, sitting=cw.sitting, seat=cw.seats[3], present=True
    )
    assert services.present_count(cw.sitting) == 2
    services.attendance_mark(by=cw.member(0), sitting=cw.sitting, present=False)
    assert services.present_count(cw.sitting) == 1


def test_a_member_cannot_mark_someone_else(council_a):
    cw = open_sitting(council_a, present=0)
    assert_refused(
        "not_the_chair",
        services.attendance_mark,
        by=cw.member(2),
        sitting=cw.sitting,
        seat=cw.seats[3],
        present=True,
    )
    assert services.present_count(cw.sitting) == 0


def test_no_vote_without_a_quorum(school_a):
    # 7 statutory seats, 5 seated, 3 present: half of 7 needs 4.
    cw = open_sitting(student_council(school_a, members=5, seats=7), present=3)
    draft = motion(cw)
    before = rows()

    message = assert_refused(
        "no_quorum", services.vote_open, by=cw.chair, kind="open", motion=draft
    )
    assert "no quorum" in message
    assert rows() == before


def test_vacant_seats_count_for_the_quorum(school_a):
    # 5 of 9 seats filled, all 5 present: half of 9 needs 5, so the vote opens.
    cw = open_sitting(student_council(school_a, members=5, seats=9))
    assert services.vote_open(by=cw.chair, kind="open", motion=motion(cw)).present == 5


# Amendments before the motion ---------------------------------------------------


def test_a_motion_is_not_voted_on_while_an_amendment_is_pending(sitting_a):
    draft = motion(sitting_a)
    services.amendment_add(
        by=sitting_a.chair, motion=draft, old_text="w piątek", new_text="w sobotę"
    )
    before = rows()

    message = assert_refused(
        "amendment_pending",
        services.vote_open,
        by=sitting_a.chair,
        kind="open",
        motion=draft,
    )
    assert "amendment" in message
    assert rows() == before


def test_an_adopted_amendment_changes_the_resolution(sitting_a):
    draft = motion(sitting_a)
    amendment = services.amendment_add(
        by=sitting_a.chair, motion=draft, old_text="w piątek", new_text="w sobotę"
    )
    vote = services.vote_open(by=sitting_a.chair, kind="open", amendment=amendment)
    vote_all(sitting_a, vote, ["for", "for", "against", "abstain"])
    assert services.vote_close(by=sitting_a.chair, vote=vote).passed

    vote = services.vote_open(by=sitting_a.chair, kind="open", motion=draft)
    vote_all(sitting_a, vote, ["for", "for", "for", "against", "abstain"])
    services.vote_close(by=sitting_a.chair, vote=vote)

    resolution = Resolution.objects.get(motion=draft)
    assert resolution.text == "Dyskoteka odbędzie się w sobotę."
    assert resolution.number.startswith("I/1/")


def test_a_rejected_amendment_leaves_the_text(sitting_a):
    draft = motion(sitting_a)
    amendment = services.amendment_add(
        by=sitting_a.chair, motion=draft, old_text="w piątek", new_text="w sobotę"
    )
    vote = services.vote_open(by=sitting_a.chair, kind="secret", amendment=amendment)
    vote_all(sitting_a, vote, ["against", "against", "for"])
    assert not services.vote_close(by=sitting_a.chair, vote=vote).passed
    assert services.motion_text(Motion.objects.get(pk=draft.pk)) == draft.text


def test_an_amendment_must_quote_the_motion(sitting_a):
    draft = motion(sitting_a)
    message = assert_refused(
        "amendment_text_not_found",
        services.amendment_add,
        by=sitting_a.chair,
        motion=draft,
        old_text="w niedzielę",
        new_text="w sobotę",
    )
    assert "Copy them exactly" in message
    assert not Amendment.objects.exists()


def test_no_amendment_to_a_motion_in_a_vote(sitting_a):
    draft = motion(sitting_a)
    services.vote_open(by=sitting_a.chair, kind="open", motion=draft)
    assert_refused(
        "motion_in_vote",
        services.amendment_add,
        by=sitting_a.chair,
        motion=draft,
        old_text="",
        new_text="§2.",
    )


# Votes ----------------------------------------------------------------------


def test_voting_twice_is_refused_and_counted_once(sitting_a):
    vote = services.vote_open(by=sitting_a.chair, kind="open", motion=motion(sitting_a))
    services.vote_cast(by=sitting_a.member(1), vote=vote, choice="for")
    before = rows()

    message = assert_refused(
        "already_voted",
        services.vote_cast,
        by=sitting_a.member(1),
        vote=vote,
        choice="against",
    )
    assert "once" in message
    assert rows() == before
    assert VoteCast.objects.get(vote=vote).choice == "for"


def test_a_closed_vote_takes_no_more_votes(sitting_a):
    vote = services.vote_open(by=sitting_a.chair, kind="open", motion=motion(sitting_a))
    vote_all(sitting_a, vote, ["for", "for", "for"])
    services.vote_close(by=sitting_a.chair, vote=vote)
    before = rows()

    assert_refused(
        "vote_closed",
        services.vote_cast,
        by=sitting_a.member(4),
        vote=vote,
        choice="against",
    )
    assert_refused("vote_closed", services.vote_close, by=sitting_a.chair, vote=vote)
    assert rows() == before


def test_a_decided_motion_is_not_voted_on_again(sitting_a):
    draft = motion(sitting_a)
    vote = services.vote_open(by=sitting_a.chair, kind="open", motion=draft)
    services.vote_close(by=sitting_a.chair, vote=vote)
    assert_refused(
        "already_decided",
        services.vote_open,
        by=sitting_a.chair,
        kind="open",
        motion=draft,
    )


def test_absent_members_and_staff_do_not_vote(council_a):
    cw = open_sitting(council_a, present=3)
    vote = services.vote_open(by=cw.chair, kind="open", motion=motion(cw))
    assert_refused(
        "not_present", services.vote_cast, by=cw.member(4), vote=vote, choice="for"
    )
    assert_refused(
        "not_a_member", services.vote_cast, by=cw.chair, vote=vote, choice="for"
    )
    assert_refused(
        "bad_choice", services.vote_cast, by=cw.member(1), vote=vote, choice="yes"
    )
    assert not VoteParticipation.objects.exists()


def test_one_vote_at_a_time(sitting_a):
    first, second = motion(sitting_a), motion(sitting_a)
    services.vote_open(by=sitting_a.chair, kind="open", motion=first)
    assert_refused(
        "vote_in_progress",
        services.vote_open,
        by=sitting_a.chair,
        kind="open",
        motion=second,
    )


def test_the_result_carries_the_arithmetic_and_the_article(sitting_a):
    vote = services.vote_open(
        by=sitting_a.chair,
        kind="open",
        motion=motion(sitting_a, majority="absolute_of_votes"),
    )
    # 2 for, 1 against, 1 abstain: 2 is not more than half of 4 votes cast.
    vote_all(sitting_a, vote, ["for", "for", "against", "abstain"])
    outcome = services.vote_close(by=sitting_a.chair, vote=vote)
    assert not outcome.passed
    assert outcome.votes_needed == 3
    assert outcome.rule.citation == "u.s.g. art. 19 ust. 1"
    stored = Vote.objects.get(pk=vote.pk)
    assert (stored.votes_for, stored.against, stored.abstain) == (2, 1, 1)
    assert (stored.present, stored.quorum_needed, stored.passed) == (5, 3, False)


def test_three_fifths_of_the_seats_needs_a_roll_call(sitting_a):
    draft = motion(sitting_a, majority="three_fifths_of_seats")
    assert_refused(
        "roll_call_required",
        services.vote_open,
        by=sitting_a.chair,
        kind="secret",
        motion=draft,
    )
    vote = services.vote_open(by=sitting_a.chair, kind="roll_call", motion=draft)
    vote_all(sitting_a, vote, ["for", "for", "for", "against"])
    assert services.vote_close(by=sitting_a.chair, vote=vote).passed


def test_a_secret_vote_stores_choices_without_members(sitting_a):
    vote = services.vote_open(
        by=sitting_a.chair, kind="secret", motion=motion(sitting_a)
    )
    vote_all(sitting_a, vote, ["for", "against", "for"])
    assert VoteCast.objects.filter(vote=vote).count() == 0
    assert sorted(
        SecretChoice.objects.filter(vote=vote).values_list("choice", flat=True)
    ) == ["against", "for", "for"]
    assert VoteParticipation.objects.filter(vote=vote).count() == 3
    outcome = services.vote_close(by=sitting_a.chair, vote=vote)
    assert (outcome.votes_for, outcome.against) == (2, 1)


def test_resolutions_are_numbered_in_the_term(school_a):
    cw = open_sitting(student_council(school_a, term_number=12))
    for title in ("Pierwsza", "Druga"):
        draft = services.motion_add(
            by=cw.chair, sitting=cw.sitting, title=title, text="Tekst."
        )
        vote = services.vote_open(by=cw.chair, kind="open", motion=draft)
        vote_all(cw, vote, ["for", "for", "for"])
        services.vote_close(by=cw.chair, vote=vote)
    year = datetime.date.today().year
    assert list(Resolution.objects.values_list("number", flat=True)) == [
        f"XII/1/{year}",
        f"XII/2/{year}",
    ]


def test_a_withdrawn_motion_takes_its_amendments_with_it(sitting_a):
    draft = motion(sitting_a)
    services.amendment_add(by=sitting_a.chair, motion=draft, old_text="", new_text="x")
    services.proposal_withdraw(by=sitting_a.chair, motion=draft)
    assert set(Amendment.objects.values_list("state", flat=True)) == {"withdrawn"}
    assert_refused(
        "already_decided",
        services.vote_open,
        by=sitting_a.chair,
        kind="open",
        motion=draft,
    )


# The speakers' list ---------------------------------------------------------


def test_the_speakers_list(sitting_a):
    services.speaker_request(by=sitting_a.member(1), sitting=sitting_a.sitting)
    services.speaker_request(by=sitting_a.member(2), sitting=sitting_a.sitting)
    assert_refused(
        "already_waiting",
        services.speaker_request,
        by=sitting_a.member(1),
        sitting=sitting_a.sitting,
    )
    services.speaker_give_floor(
        by=sitting_a.chair, sitting=sitting_a.sitting, seat=sitting_a.seats[2]
    )
    assert_refused(
        "floor_taken",
        services.speaker_give_floor,
        by=sitting_a.chair,
        sitting=sitting_a.sitting,
        seat=sitting_a.seats[1],
    )
    services.speaker_end(by=sitting_a.chair, sitting=sitting_a.sitting)
    services.speaker_give_floor(
        by=sitting_a.chair, sitting=sitting_a.sitting, seat=sitting_a.seats[1]
    )
    states = dict(SpeakerRequest.objects.values_list("seat_id", "state"))
    assert states == {sitting_a.seats[2].pk: "done", sitting_a.seats[1].pk: "speaking"}


def test_every_change_counts_up_the_sitting(sitting_a):
    before = Sitting.objects.get(pk=sitting_a.sitting.pk).seq
    services.speaker_request(by=sitting_a.member(1), sitting=sitting_a.sitting)
    assert Sitting.objects.get(pk=sitting_a.sitting.pk).seq == before + 1
