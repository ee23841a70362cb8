"""Polling stations: paper protocols and the classroom booth.

A :class:`PaperProtocol` is what an electoral commission writes down after
counting a station's paper ballots in one contest: how many could vote, how many
ballots were issued and found in the box, how many were invalid or blank, and the
votes per option. It is counted together with the online ballots without becoming
ballot rows, so it never appears in the tracker list. Every save leaves a
:class:`PaperProtocolRevision`, so corrections show who changed what and when.

A :class:`BoothUnlock` lets one voter cast one ballot on a classroom tablet that
the commission unlocks. Like a voting code it holds no link to the ballot: it is
spent by a conditional update in the ballot's transaction, and nothing records
which ballot it gave.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from school_councils.models import Classroom
from simulations.models.elections import Contest, Election


class PaperProtocol(models.Model):
    """The protocol of one polling station in one contest.

    The station is a class of the electorate (``station``) or a station with a
    name (``station_name``, e.g. "Gym"); a class station keeps its name in
    ``station_name`` too, so the protocol still reads well if the class is
    deleted. ``votes`` maps option ids (as text) to their votes: candidates,
    lists and the candidates on them, or ``yes`` and ``no``. ``piles`` holds the
    sorted ballots of methods that need whole ballots (rankings, proportional
    approval): ``[{"choices": [...], "count": n}]``.
    """

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="paper_protocols"
    )
    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="paper_protocols"
    )
    station = models.ForeignKey(
        Classroom,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("class"),
    )
    station_name = models.CharField(_("polling station"), max_length=120)
    eligible = models.PositiveIntegerField(_("voters entitled to vote"))
    issued = models.PositiveIntegerField(_("ballots issued"))
    in_box = models.PositiveIntegerField(_("ballots found in the box"))
    invalid = models.PositiveIntegerField(_("invalid ballots"), default=0)
    blank = models.PositiveIntegerField(_("blank ballots"), default=0)
    valid = models.PositiveIntegerField(_("valid votes"))
    votes = models.JSONField(default=dict)
    piles = models.JSONField(default=list)
    note = models.TextField(_("remarks of the commission"), blank=True, max_length=2000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["contest", "station_name", "pk"]
        verbose_name = _("paper protocol")
        verbose_name_plural = _("paper protocols")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "station"],
                condition=Q(station__isnull=False),
                name="paper_protocol_once_per_class",
            ),
            models.UniqueConstraint(
                fields=["contest", "station_name"],
                condition=Q(station__isnull=True),
                name="paper_protocol_once_per_named_station",
            ),
            # The rules the database can keep; the services check every rule
            # with a message for each field.
            models.CheckConstraint(
                condition=Q(issued__lte=F("eligible")),
                name="paper_protocol_issued_within_eligible",
            ),
            models.CheckConstraint(
                condition=Q(in_box=F("valid") + F("invalid") + F("blank")),
                name="paper_protocol_box_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station_name} — {self.contest}"

    @property
    def ballots(self) -> int:
        return self.in_box


class PaperProtocolRevision(models.Model):
    """One saved version of a protocol: the figures, who saved them and when.

    The first revision is the protocol as entered; each later one a correction.
    """

    protocol = models.ForeignKey(
        PaperProtocol, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveSmallIntegerField()
    figures = models.JSONField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["protocol", "number"]
        verbose_name = _("protocol revision")
        verbose_name_plural = _("protocol revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "number"], name="protocol_revision_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.protocol} #{self.number}"


class BoothUnlock(models.Model):
    """One voter's turn at a classroom booth; only the SHA-256 of its token is kept.

    Spent, like a voting code, by a conditional update in the same transaction as
    the ballot insert, so a double submit cannot give two ballots. Deliberately
    without a timestamp or any link to a ballot or a pupil.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="booth_unlocks"
    )
    station = models.ForeignKey(
        Classroom, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    spent = models.BooleanField(default=False)
    # Locking the booth again, or unlocking it for the next voter, voids an
    # unspent unlock instead of deleting it.
    void = models.BooleanField(default=False)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("booth unlock")
        verbose_name_plural = _("booth unlocks")
        indexes = [models.Index(fields=["election", "station", "spent"])]

    def __str__(self) -> str:
        return f"{self.election} ({'spent' if self.spent else 'unspent'})"
