"""Elections played by pupils: who stands, who votes, and the secret ballots.

An :class:`Election` holds one or more :class:`Contest` rows, each counted by one
method of :mod:`simulations.voting`; a contest's :class:`Option` rows are the people,
lists or answers on its ballot. Who may vote is the :class:`Electorate` (classes or
whole schools). Voters come in by a :class:`VotingCode` printed on a slip, or signed
in, once, recorded by a :class:`VoterParticipation`.

Ballot secrecy is a property of the schema: a :class:`BallotRecord` has a random
UUID key, no timestamp, no link to a voter, a pupil, a user or a code, and nothing
else links to it. Its only coarse attribute is the polling station (the class), a
deliberate trade-off that makes results by class possible (see docs/elections.md).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from school_councils.models import Classroom, Pupil, School


class ElectionKind(models.TextChoices):
    CLASS_REPRESENTATIVE = "class_representative", _("Class representative")
    STUDENT_COUNCIL = "student_council", _("Student council")
    CITY_YOUTH_COUNCIL = "city_youth_council", _("City youth council")
    SEJM = "sejm", _("Mock Sejm election")
    SENATE = "senate", _("Mock Senate election")
    PRESIDENT = "president", _("Mock presidential election")
    KRAKOW_COUNCIL = "krakow_council", _("Mock Kraków City Council election")
    EUROPEAN_PARLIAMENT = "european_parliament", _("Mock European Parliament election")
    REFERENDUM = "referendum", _("Referendum")
    CUSTOM = "custom", _("Custom election")


# Mock national and local elections follow the preset of the same key in
# simulations.voting.presets.
PRESET_KINDS = frozenset(
    {
        ElectionKind.SEJM,
        ElectionKind.SENATE,
        ElectionKind.PRESIDENT,
        ElectionKind.KRAKOW_COUNCIL,
        ElectionKind.EUROPEAN_PARLIAMENT,
    }
)


class ElectionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for voting")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Results published")


class BallotAccess(models.TextChoices):
    """How voters prove they may vote. One election uses one way only, so nobody
    can vote both with a slip and signed in."""

    CODES = "codes", _("Voting codes on printed slips")
    ACCOUNTS = "accounts", _("Pupils signed in with their own card")


class Method(models.TextChoices):
    """The methods of simulations.voting a contest can be counted by."""

    PLURALITY = "plurality", _("Plurality (first past the post)")
    TWO_ROUND = "two_round", _("Two-round majority")
    IRV = "irv", _("Instant-runoff")
    APPROVAL = "approval", _("Approval")
    BORDA = "borda", _("Borda count")
    SCHULZE = "schulze", _("Condorcet (Schulze)")
    BLOCK = "block", _("Block vote (up to N marks)")
    STV = "stv", _("Single transferable vote")
    PAV = "pav", _("Proportional approval voting")
    DHONDT = "dhondt", _("Party lists, D'Hondt")
    SAINTE_LAGUE = "sainte_lague", _("Party lists, Sainte-Laguë")
    MODIFIED_SAINTE_LAGUE = (
        "modified_sainte_lague",
        _("Party lists, modified Sainte-Laguë"),
    )
    HARE_NIEMEYER = "hare_niemeyer", _("Party lists, Hare-Niemeyer")
    REFERENDUM = "referendum", _("Referendum (yes or no)")


class ListKind(models.TextChoices):
    PARTY = "party", _("Committee of a party")
    COALITION = "coalition", _("Coalition committee")
    MINORITY = "minority", _("Committee of a national minority")


class Quorum(models.TextChoices):
    NATIONAL = "national", _("National: more than half must take part")
    LOCAL = "local", _("Local: at least 30% must take part")
    NONE = "none", _("No turnout quorum")


class Election(models.Model):
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="elections",
        verbose_name=_("school"),
        help_text=_("Empty for a city-wide election run by a city coordinator."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ElectionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=ElectionState.choices,
        default=ElectionState.DRAFT,
    )
    access = models.CharField(
        _("how pupils vote"),
        max_length=12,
        choices=BallotAccess.choices,
        default=BallotAccess.CODES,
    )
    opens_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    results_not_before = models.DateTimeField(
        _("results not before"),
        null=True,
        blank=True,
        help_text=_("An embargo: results cannot be published before this moment."),
    )
    first_round = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="second_rounds",
        verbose_name=_("first round"),
    )
    # Taken when voting opens, so the turnout and a referendum's quorum are measured
    # against the electorate as it stood, not as classes change afterwards.
    eligible_count = models.PositiveIntegerField(null=True, editable=False)
    # Public pages of published results use this, not the sequential key.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="election_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_preset(self) -> bool:
        return self.kind in PRESET_KINDS


class Contest(models.Model):
    """One count within an election: a constituency, a question or a whole race."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="contests"
    )
    name = models.CharField(_("name"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    method = models.CharField(_("method"), max_length=32, choices=Method.choices)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    threshold = models.DecimalField(
        _("threshold"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Share of the valid votes a list needs, e.g. 0.05 for 5%."),
    )
    coalition_threshold = models.DecimalField(
        _("threshold for coalitions"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
    )
    quorum = models.CharField(
        _("turnout quorum"), max_length=10, choices=Quorum.choices, blank=True
    )
    constituency_number = models.PositiveSmallIntegerField(
        _("constituency number"), null=True, blank=True
    )
    # The seed of the lot for ties no rule settles, fixed before voting and shown
    # with the results, so anyone can draw the same lot again.
    seed = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["election", "position", "pk"]
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "constituency_number"],
                condition=Q(constituency_number__isnull=False),
                name="contest_unique_constituency",
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1), name="contest_at_least_one_seat"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Option(models.Model):
    """A line on a contest's ballot: a candidate, a list, or a candidate on a list.

    Under the Polish open list a voter marks one candidate on one list; the lists
    and the candidates on them are both options, the candidates pointing to their
    list through ``party_list``.
    """

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="options"
    )
    name = models.CharField(_("name"), max_length=200)
    pupil = models.ForeignKey(
        Pupil,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pupil"),
    )
    party_list = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("list"),
    )
    list_kind = models.CharField(
        _("kind of list"), max_length=12, choices=ListKind.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    description = models.TextField(_("description"), blank=True, max_length=2000)

    class Meta:
        ordering = ["contest", "party_list_id", "position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            # The voting methods tell candidates apart by name.
            models.UniqueConstraint(
                fields=["contest", "name"],
                condition=Q(party_list__isnull=True),
                name="option_unique_name",
            ),
            models.UniqueConstraint(
                fields=["party_list", "name"],
                condition=Q(party_list__isnull=False),
                name="option_unique_name_on_list",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Electorate(models.Model):
    """A class, or a whole school, whose pupils may vote.

    ``contest`` names the constituency its voters vote in, when the election has
    several; contests without a constituency are on every voter's ballot.
    """

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="electorate"
    )
    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    contest = models.ForeignKey(
        Contest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="electorate",
    )

    class Meta:
        verbose_name = _("electorate")
        verbose_name_plural = _("electorates")
        constraints = [
            models.CheckConstraint(
                condition=Q(classroom__isnull=False, school__isnull=True)
                | Q(classroom__isnull=True, school__isnull=False),
                name="electorate_class_or_school",
            ),
            models.UniqueConstraint(
                fields=["election", "classroom"],
                condition=Q(classroom__isnull=False),
                name="electorate_unique_classroom",
            ),
            models.UniqueConstraint(
                fields=["election", "school"],
                condition=Q(school__isnull=False),
                name="electorate_unique_school",
            ),
        ]

    def __str__(self) -> str:
        return str(self.classroom or self.school)


class Candidacy(models.Model):
    """A pupil standing in a contest; on the ballot once a teacher approves it."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="candidacies"
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="+", verbose_name=_("pupil")
    )
    manifesto = models.TextField(_("manifesto"), blank=True, max_length=2000)
    submitted_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # A teacher may turn a candidacy down; the pupil sees why on their page.
    refused_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.CharField(
        _("reason for refusal"), max_length=300, blank=True
    )
    option = models.OneToOneField(
        Option,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidacy",
    )

    class Meta:
        ordering = ["contest", "submitted_at", "pk"]
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "pupil"], name="candidacy_unique_pupil"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} — {self.contest}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def status(self) -> str:
        """``approved``, ``refused`` or ``pending``: what the pupil is told."""
        if self.approved_at is not None:
            return "approved"
        return "refused" if self.refused_at is not None else "pending"


class VotingCode(models.Model):
    """A one-time voting code printed on a slip; only its SHA-256 hash is kept.

    Deliberately without any link to a ballot: spending the code and writing the
    ballot happen in one transaction, and nothing records which ballot it was.
    """

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="voting_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    spent = models.BooleanField(default=False)
    # Reprinting a class's slips voids its unspent codes instead of deleting them,
    # so a code spent in the same instant is never lost from the turnout.
    void = models.BooleanField(default=False)
    classroom = models.ForeignKey(
        Classroom, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")
        indexes = [models.Index(fields=["election", "classroom", "spent"])]

    def __str__(self) -> str:
        return f"{self.election} ({'spent' if self.spent else 'unspent'})"


class BallotStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    BLANK = "blank", _("Blank")
    SPOILED = "spoiled", _("Spoiled")


class BallotRecord(models.Model):
    """One secret ballot in one contest.

    Random key, no timestamp, no relation to a voter, a pupil, a user or a code,
    and no model relates to it. ``tracker`` is a hash only the voter was shown
    (see ``services.voting``); ``station`` is the class the ballot was cast in,
    kept for results by class and school and never finer than the class.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="ballots"
    )
    status = models.CharField(max_length=8, choices=BallotStatus.choices)
    choices = models.JSONField(default=dict)
    tracker = models.CharField(max_length=32, unique=True)
    station = models.ForeignKey(
        Classroom, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        # Listed in tracker order, which is random: never in the order of casting.
        ordering = ["tracker"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        indexes = [models.Index(fields=["contest", "status"])]

    def __str__(self) -> str:
        return self.tracker


class VoterParticipation(models.Model):
    """That a signed-in pupil voted in an election, and nothing about how.

    Written in the same transaction as the pupil's ballots; the unique constraint
    makes a second vote fail, however many arrive at once.
    """

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="participations"
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    classroom = models.ForeignKey(
        Classroom, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "pupil"], name="participation_once_per_pupil"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} voted in {self.election}"
