"""Live sessions: the truth of a game in progress, in the database.

Any Daphne process can serve any player or host: the phase, the current question
and its deadline are columns of the session row, and a process that restarts, or
a client that reconnects, rebuilds everything from here.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quizzes.engine import Phase, SessionState
from quizzes.engine.scoring import ScoringSettings
from quizzes.models.content import Question, Quiz
from school_councils.models import Classroom

PIN_LENGTH = 6
NICKNAME_MAX = 20


class LivePhase(models.TextChoices):
    LOBBY = Phase.LOBBY.value, _("Lobby")
    QUESTION = Phase.QUESTION.value, _("Question open")
    CLOSED = Phase.CLOSED.value, _("Question closed")
    LEADERBOARD = Phase.LEADERBOARD.value, _("Leaderboard")
    FINAL = Phase.FINAL.value, _("Podium")


class LiveSession(models.Model):
    quiz = models.ForeignKey(
        Quiz, on_delete=models.PROTECT, related_name="live_sessions"
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="hosted_quiz_sessions",
    )
    classroom = models.ForeignKey(
        Classroom,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quiz_sessions",
    )
    pin = models.CharField(_("PIN"), max_length=PIN_LENGTH)
    phase = models.CharField(
        max_length=12, choices=LivePhase.choices, default=LivePhase.LOBBY
    )
    # The quiz's question ids in order when the session started: editing the quiz
    # later does not change a game in progress or its results.
    question_ids = models.JSONField(default=list)
    question_index = models.SmallIntegerField(null=True, blank=True)
    question_opened_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    paused_remaining = models.DurationField(null=True, blank=True)
    speed_points = models.BooleanField(_("points for speed"), default=True)
    streaks = models.BooleanField(_("streak bonus"), default=True)
    locked = models.BooleanField(_("nobody else may join"), default=False)
    # The number of the last event sent to everyone in the session (the number
    # phones see), and of the last event sent to its hosts: those, plus the
    # roster events (arrivals, presence) only hosts are sent.
    seq = models.PositiveBigIntegerField(default=0)
    host_seq = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        constraints = [
            # A PIN names one running game; finished games give their PIN back.
            models.UniqueConstraint(
                fields=["pin"],
                condition=Q(ended_at__isnull=True),
                name="livesession_unique_active_pin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} ({self.pin})"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def state(self) -> SessionState:
        """The session's phase and clock as the engine sees them."""
        return SessionState(
            phase=Phase(self.phase),
            question_index=self.question_index,
            opened_at=self.question_opened_at,
            deadline=self.deadline,
            paused_remaining=self.paused_remaining,
        )

    def apply_state(self, state: SessionState) -> list[str]:
        """Copies an engine state onto the row; returns the fields to save."""
        self.phase = state.phase.value
        self.question_index = state.question_index
        self.question_opened_at = state.opened_at
        self.deadline = state.deadline
        self.paused_remaining = state.paused_remaining
        return [
            "phase",
            "question_index",
            "question_opened_at",
            "deadline",
            "paused_remaining",
        ]

    @property
    def scoring(self) -> ScoringSettings:
        return ScoringSettings(speed=self.speed_points, streaks=self.streaks)

    @property
    def question_count(self) -> int:
        return len(self.question_ids)

    def current_question_id(self) -> int | None:
        if self.question_index is None or self.phase == LivePhase.FINAL:
            return None
        return self.question_ids[self.question_index]


class Player(models.Model):
    """Someone playing under a nickname: no account needed. The reconnect token is
    shown to the player's device once and stored only as a hash."""

    session = models.ForeignKey(
        LiveSession, on_delete=models.CASCADE, related_name="players"
    )
    nickname = models.CharField(_("nickname"), max_length=NICKNAME_MAX)
    # The nickname without case or diacritics: "Żubr" and "zubr" are one player.
    nickname_key = models.CharField(max_length=NICKNAME_MAX * 2, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    score = models.IntegerField(default=0)
    streak = models.PositiveIntegerField(default=0)
    removed = models.BooleanField(default=False)
    time_multiplier = models.DecimalField(
        _("extended time"),
        max_digits=3,
        decimal_places=2,
        default=1,
        help_text=_("1 for the usual time, 1.5 for half as much again, up to 3."),
    )
    # Open sockets of this player; players with none do not hold a question open.
    connections = models.PositiveIntegerField(default=0)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("player")
        verbose_name_plural = _("players")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nickname_key"], name="player_unique_nickname"
            ),
            models.CheckConstraint(
                condition=Q(time_multiplier__gte=1, time_multiplier__lte=3),
                name="player_time_multiplier_range",
            ),
        ]

    def __str__(self) -> str:
        return self.nickname

    @property
    def multiplier(self) -> float:
        return float(self.time_multiplier)


class Answer(models.Model):
    """A player's answer to one question. The first answer wins: a second one for
    the same question is refused by the unique constraint."""

    player = models.ForeignKey(Player, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="live_answers"
    )
    question_index = models.PositiveSmallIntegerField()
    payload = models.JSONField()
    correct = models.BooleanField(null=True)
    points = models.PositiveIntegerField(default=0)
    bonus = models.PositiveIntegerField(default=0)
    # Set when the question closed and the points went into the player's score;
    # stays off for a skipped question.
    scored = models.BooleanField(default=False)
    # Word-cloud and open answers reach the room only once the host approves them.
    approved = models.BooleanField(default=False)
    response_ms = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["player", "question"], name="answer_first_wins"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.player} → {self.question_id}"

    @property
    def response_time(self) -> timedelta:
        return timedelta(milliseconds=self.response_ms)
