"""Self-paced quizzes: a quiz a teacher assigns to a class with a deadline, taken
by each signed-in pupil alone, one question at a time.

As in live games the server owns time: a question's clock starts when the
server shows it (``Attempt.question_opened_at``), and the same engine checks and
scores the answer. The first answer to a question wins (unique constraint).
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
from school_councils.models import Classroom, Pupil


class QuizAssignment(models.Model):
    """A quiz set for one class to take alone until ``deadline``."""

    quiz = models.ForeignKey(
        Quiz,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("quiz"),
    )
    classroom = models.ForeignKey(
        Classroom,
        on_delete=models.CASCADE,
        related_name="quiz_assignments",
        verbose_name=_("class"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    # The quiz's question ids in order when it was assigned: editing the quiz
    # later does not change what the class takes or its results.
    question_ids = models.JSONField(default=list)
    deadline = models.DateTimeField(_("deadline"))
    show_answers = models.BooleanField(
        _("show the right answers after the deadline"), default=False
    )
    speed_points = models.BooleanField(_("points for speed"), default=True)
    streaks = models.BooleanField(_("streak bonus"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = _("quiz assignment")
        verbose_name_plural = _("quiz assignments")

    def __str__(self) -> str:
        return f"{self.quiz} → {self.classroom}"

    @property
    def question_count(self) -> int:
        return len(self.question_ids)

    @property
    def scoring(self) -> ScoringSettings:
        return ScoringSettings(speed=self.speed_points, streaks=self.streaks)

    def is_over(self, now) -> bool:
        return now > self.deadline


class ExtendedTime(models.Model):
    """More time on every self-paced question for a pupil who needs it."""

    pupil = models.OneToOneField(
        Pupil, on_delete=models.CASCADE, related_name="quiz_extended_time"
    )
    multiplier = models.DecimalField(
        _("extended time"),
        max_digits=3,
        decimal_places=2,
        default=1,
        help_text=_("1 for the usual time, 1.5 for half as much again, up to 3."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("extended time")
        verbose_name_plural = _("extended times")
        constraints = [
            models.CheckConstraint(
                condition=Q(multiplier__gte=1, multiplier__lte=3),
                name="extendedtime_multiplier_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} × {self.multiplier}"


class Attempt(models.Model):
    """One pupil taking one assignment: where they are, and their score so far.

    ``question_index`` is the question being shown (or the next to show once
    ``question_opened_at`` is cleared); it equals the question count once the
    pupil has finished.
    """

    assignment = models.ForeignKey(
        QuizAssignment, on_delete=models.CASCADE, related_name="attempts"
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    question_index = models.PositiveSmallIntegerField(default=0)
    question_opened_at = models.DateTimeField(null=True, blank=True)
    # The pupil's extended time when the open question was shown: a change made
    # meanwhile applies from the next question.
    time_multiplier = models.DecimalField(max_digits=3, decimal_places=2, default=1)
    score = models.IntegerField(default=0)
    streak = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "pupil"], name="attempt_once_per_pupil"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} — {self.assignment}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def multiplier(self) -> float:
        return float(self.time_multiplier)

    def state(self, time_limit: int) -> SessionState:
        """The open question as the engine sees it: opened when shown, with the
        usual deadline (the engine adds the pupil's extended time)."""
        if self.question_opened_at is None or self.is_finished:
            return SessionState(phase=Phase.CLOSED, question_index=self.question_index)
        return SessionState(
            phase=Phase.QUESTION,
            question_index=self.question_index,
            opened_at=self.question_opened_at,
            deadline=self.question_opened_at + timedelta(seconds=time_limit),
        )


class AttemptAnswer(models.Model):
    """A pupil's answer to one question of an assignment; the first one wins."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="selfpaced_answers"
    )
    question_index = models.PositiveSmallIntegerField()
    payload = models.JSONField()
    correct = models.BooleanField(null=True)
    points = models.PositiveIntegerField(default=0)
    bonus = models.PositiveIntegerField(default=0)
    response_ms = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question_index", "pk"]
        verbose_name = _("self-paced answer")
        verbose_name_plural = _("self-paced answers")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="attemptanswer_first_wins"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} → {self.question_id}"
