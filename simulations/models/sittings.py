"""Council sittings: the agenda, attendance, motions, amendments, votes and the
resolutions they adopt.

The procedure's rules are in :mod:`simulations.procedure.sitting`; these rows
are the truth a live screen or a reconnecting phone reads back. A secret vote
keeps two kinds of row that nothing joins: :class:`VoteParticipation` says a
seat voted (once: a unique constraint), :class:`SecretChoice` holds a choice
with a random key and no seat, user or time.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from school_councils.models import Council, Seat
from simulations.procedure import majorities
from simulations.procedure.sitting import Choice, MotionState, SittingState


class SittingStateChoices(models.TextChoices):
    PLANNED = SittingState.PLANNED.value, _("Planned")
    OPEN = SittingState.OPEN.value, _("Open")
    CLOSED = SittingState.CLOSED.value, _("Closed")


class ProposalState(models.TextChoices):
    DRAFT = MotionState.DRAFT.value, _("Not voted yet")
    VOTING = MotionState.VOTING.value, _("Being voted on")
    ADOPTED = MotionState.ADOPTED.value, _("Adopted")
    REJECTED = MotionState.REJECTED.value, _("Rejected")
    WITHDRAWN = MotionState.WITHDRAWN.value, _("Withdrawn")


class VoteKind(models.TextChoices):
    OPEN = "open", _("Open vote")
    ROLL_CALL = "roll_call", _("Roll-call vote")
    SECRET = "secret", _("Secret vote")


class VoteChoice(models.TextChoices):
    FOR = Choice.FOR.value, _("For")
    AGAINST = Choice.AGAINST.value, _("Against")
    ABSTAIN = Choice.ABSTAIN.value, _("Abstain")


class MajorityChoice(models.TextChoices):
    SIMPLE = majorities.SIMPLE.key, _("Simple majority")
    ABSOLUTE_OF_VOTES = (
        majorities.ABSOLUTE_OF_VOTES.key,
        _("Absolute majority of those voting"),
    )
    ABSOLUTE_OF_SEATS = (
        majorities.ABSOLUTE_OF_SEATS.key,
        _("Absolute majority of the statutory seats"),
    )
    THREE_FIFTHS_OF_SEATS = (
        majorities.THREE_FIFTHS_OF_SEATS.key,
        _("Three fifths of the statutory seats"),
    )
    THREE_FIFTHS_OF_VOTES = (
        majorities.THREE_FIFTHS_OF_VOTES.key,
        _("Three fifths of the votes"),
    )
    TWO_THIRDS_OF_VOTES = (
        majorities.TWO_THIRDS_OF_VOTES.key,
        _("Two thirds of the votes"),
    )


class Sitting(models.Model):
    """One sitting of a council. ``seq`` counts its changes, so a live screen
    that sees a gap asks for the whole state."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="sittings"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    scheduled_for = models.DateField(_("date"))
    state = models.CharField(
        max_length=8,
        choices=SittingStateChoices.choices,
        default=SittingStateChoices.PLANNED,
    )
    speaking_limit = models.PositiveSmallIntegerField(
        _("speaking time (seconds)"), default=180
    )
    current_item = models.ForeignKey(
        "AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    seq = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-scheduled_for", "-number"]
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "number"], name="sitting_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} — {self.title}"


class AgendaItem(models.Model):
    sitting = models.ForeignKey(
        Sitting, on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "position"],
                name="agenda_unique_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Attendance(models.Model):
    """That a seat's holder is present (a row only for those present)."""

    sitting = models.ForeignKey(
        Sitting, on_delete=models.CASCADE, related_name="attendances"
    )
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)
    by_member = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "seat"], name="attendance_once_per_seat"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat} present at {self.sitting}"


class SpeakerState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    SPEAKING = "speaking", _("Speaking")
    DONE = "done", _("Spoke")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SpeakerRequest(models.Model):
    """A place on the speakers' list; one waiting or speaking per seat, and one
    speaker at a time per sitting."""

    sitting = models.ForeignKey(
        Sitting, on_delete=models.CASCADE, related_name="speakers"
    )
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(
        max_length=10, choices=SpeakerState.choices, default=SpeakerState.WAITING
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    limit_seconds = models.PositiveSmallIntegerField(default=180)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "seat"],
                condition=Q(state__in=["waiting", "speaking"]),
                name="speaker_once_at_a_time",
            ),
            models.UniqueConstraint(
                fields=["sitting"],
                condition=Q(state="speaking"),
                name="speaker_one_floor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat} ({self.state})"


class Motion(models.Model):
    """A draft resolution: a title and a text, decided by ``majority``."""

    sitting = models.ForeignKey(
        Sitting, on_delete=models.CASCADE, related_name="motions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="motions",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=10000)
    majority = models.CharField(
        _("majority"),
        max_length=32,
        choices=MajorityChoice.choices,
        default=MajorityChoice.SIMPLE,
    )
    state = models.CharField(
        max_length=10, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("motion")
        verbose_name_plural = _("motions")

    def __str__(self) -> str:
        return self.title


class Amendment(models.Model):
    """A change to a motion's text: ``old_text`` replaced by ``new_text`` (added at
    the end when ``old_text`` is empty). Voted before the motion."""

    motion = models.ForeignKey(
        Motion, on_delete=models.CASCADE, related_name="amendments"
    )
    number = models.PositiveSmallIntegerField()
    old_text = models.TextField(_("words to replace"), blank=True, max_length=5000)
    new_text = models.TextField(_("new words"), max_length=5000)
    state = models.CharField(
        max_length=10, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.UniqueConstraint(
                fields=["motion", "number"], name="amendment_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.motion} — {self.number}"


class Vote(models.Model):
    """A vote on a motion or an amendment. The counts, quorum and outcome are
    stored when it closes, with the numbers that decided them."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="votes")
    motion = models.ForeignKey(
        Motion, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    amendment = models.ForeignKey(
        Amendment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="votes",
    )
    kind = models.CharField(_("kind of vote"), max_length=10, choices=VoteKind.choices)
    majority = models.CharField(max_length=32, choices=MajorityChoice.choices)
    is_open = models.BooleanField(default=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    present = models.PositiveSmallIntegerField(default=0)
    statutory_seats = models.PositiveSmallIntegerField()
    quorum_needed = models.PositiveSmallIntegerField(default=0)
    votes_for = models.PositiveSmallIntegerField(default=0)
    against = models.PositiveSmallIntegerField(default=0)
    abstain = models.PositiveSmallIntegerField(default=0)
    votes_needed = models.PositiveSmallIntegerField(default=0)
    passed = models.BooleanField(null=True)

    class Meta:
        ordering = ["opened_at", "pk"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(motion__isnull=True, amendment__isnull=False)
                | Q(motion__isnull=False, amendment__isnull=True),
                name="vote_on_one_proposal",
            ),
            models.UniqueConstraint(
                fields=["sitting"],
                condition=Q(is_open=True),
                name="vote_one_open_per_sitting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.proposal}"

    @property
    def proposal(self):
        return self.motion or self.amendment

    @property
    def rule(self) -> majorities.MajorityRule:
        return majorities.RULES[self.majority]


class VoteParticipation(models.Model):
    """That a seat voted in a vote; once, whatever the kind of vote."""

    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, related_name="participations"
    )
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "seat"], name="vote_participation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat} voted in vote {self.vote_id}"


class VoteCast(models.Model):
    """How a seat voted in an open or roll-call vote (never in a secret one)."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="casts")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "seat"], name="vote_cast_once"),
        ]

    def __str__(self) -> str:
        return f"{self.seat}: {self.choice}"


class SecretChoice(models.Model):
    """One choice in a secret vote: random key, no seat, no user, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, related_name="secret_choices"
    )
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)

    class Meta:
        # Listed by the random key: never in the order of voting.
        ordering = ["id"]

    def __str__(self) -> str:
        return self.choice


class Resolution(models.Model):
    """An adopted motion in the council's register, with its final text."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="resolutions"
    )
    sitting = models.ForeignKey(
        Sitting, on_delete=models.PROTECT, related_name="resolutions"
    )
    motion = models.OneToOneField(
        Motion, on_delete=models.PROTECT, related_name="resolution"
    )
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    adopted_on = models.DateField(_("adopted on"))

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "sequence"], name="resolution_unique_sequence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
