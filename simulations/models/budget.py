"""The school participatory budget: proposals pupils write, checked by a teacher,
voted on with the secrecy and one-vote rules of elections, and counted by three
rules side by side.

A pupils' :class:`Budget` votes through an :class:`~simulations.models.Election`
of its own (one contest whose options are the eligible proposals, frozen when
voting opens), so voting codes, signed-in participation, secret ballot rows and
trackers are exactly those of elections (see docs/elections.md). A budget in
replay mode holds a real city's projects and ballots read from a pabulib file
instead: :class:`ReplayGroup` rows, never pupils' votes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from school_councils.models import Pupil, School
from simulations.models.elections import Election, Option


class BudgetRule(models.TextChoices):
    """How the winners are counted; the ballot follows from it."""

    POINTS = "points", _("Kraków's points: up to three picks, 3-2-1 points")
    APPROVAL = "approval", _("Approval voting, most approvals first")
    EQUAL_SHARES = "equal_shares", _("Method of Equal Shares")


class BudgetMode(models.TextChoices):
    PUPILS = "pupils", _("Pupils propose and vote")
    REPLAY = "replay", _("Replay of a real city's vote")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a check")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")


class Budget(models.Model):
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="budgets",
        verbose_name=_("school"),
    )
    name = models.CharField(_("name"), max_length=200)
    amount = models.PositiveBigIntegerField(_("amount in PLN"))
    rule = models.CharField(_("voting rule"), max_length=16, choices=BudgetRule.choices)
    mode = models.CharField(
        _("mode"), max_length=8, choices=BudgetMode.choices, default=BudgetMode.PUPILS
    )
    # The election behind the vote; a replay has none.
    election = models.OneToOneField(
        Election,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="budget",
        editable=False,
    )
    proposals_open_at = models.DateTimeField(_("proposals open"), null=True, blank=True)
    proposals_close_at = models.DateTimeField(
        _("proposals close"), null=True, blank=True
    )
    # Set when voting opens: from then on the list of eligible proposals is fixed.
    frozen_at = models.DateTimeField(null=True, editable=False)
    # Points by position for ranked ballots: 3-2-1 in Kraków.
    points = models.JSONField(default=list, editable=False)
    source = models.CharField(_("source"), max_length=300, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("participatory budget")
        verbose_name_plural = _("participatory budgets")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="budget_amount_above_zero"
            ),
            models.CheckConstraint(
                condition=Q(mode="replay") | Q(election__isnull=False),
                name="budget_pupils_vote_in_an_election",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_replay(self) -> bool:
        return self.mode == BudgetMode.REPLAY

    @property
    def ranked(self) -> bool:
        """Whether ballots rank up to three projects (the points rule)."""
        return self.rule == BudgetRule.POINTS


class Proposal(models.Model):
    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    cost = models.PositiveBigIntegerField(_("cost in PLN"))
    author = models.ForeignKey(
        Pupil,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PENDING,
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    # The project's id in an imported pabulib file, and whether the city funded it.
    external_id = models.CharField(max_length=64, blank=True, editable=False)
    officially_selected = models.BooleanField(default=False, editable=False)
    option = models.OneToOneField(
        Option,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        editable=False,
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["budget", "submitted_at", "pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__gt=0), name="proposal_cost_above_0"
            ),
            models.UniqueConstraint(
                fields=["budget", "external_id"],
                condition=~Q(external_id=""),
                name="proposal_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ReplayGroup(models.Model):
    """Identical ballots of an imported file: the proposals named (ranked best
    first for ordinal ballots) and how many voters cast them."""

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="replay_groups"
    )
    proposals = models.JSONField()
    voters = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("replayed ballots")
        verbose_name_plural = _("replayed ballots")

    def __str__(self) -> str:
        return f"{self.voters} × {self.proposals}"
