"""Quizzes as teachers write them: a quiz, its ordered questions and their choices.

A question's kind decides which fields matter: choices for single and multiple
choice, true/false, polls and put-in-order (whose stored order is the right one);
accepted answers (choices, all right) for type-the-answer; the slider fields for a
number on a slider; nothing more for word clouds and open answers.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quizzes.engine import Kind, QuestionSpec, Slider
from quizzes.engine.questions import (
    MAX_TIME_LIMIT,
    MIN_TIME_LIMIT,
    POINTS_DOUBLE,
    POINTS_NONE,
    POINTS_STANDARD,
)
from school_councils.models import School


class Visibility(models.TextChoices):
    SCHOOL = "school", _("Shared with my school")
    PRIVATE = "private", _("Only me")


class QuestionKind(models.TextChoices):
    SINGLE = Kind.SINGLE.value, _("Single choice")
    MULTIPLE = Kind.MULTIPLE.value, _("Multiple choice")
    TRUE_FALSE = Kind.TRUE_FALSE.value, _("True or false")
    TYPE_ANSWER = Kind.TYPE_ANSWER.value, _("Type the answer")
    SLIDER = Kind.SLIDER.value, _("Number on a slider")
    ORDER = Kind.ORDER.value, _("Put in order")
    POLL = Kind.POLL.value, _("Poll")
    WORD_CLOUD = Kind.WORD_CLOUD.value, _("Word cloud")
    OPEN = Kind.OPEN.value, _("Open answer")


class Points(models.IntegerChoices):
    NONE = POINTS_NONE, _("No points")
    STANDARD = POINTS_STANDARD, _("Standard (1000)")
    DOUBLE = POINTS_DOUBLE, _("Double (2000)")


UNSCORED_KINDS = [QuestionKind.POLL, QuestionKind.WORD_CLOUD, QuestionKind.OPEN]


class Quiz(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="quizzes",
        verbose_name=_("owner"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        related_name="quizzes",
        verbose_name=_("school"),
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="pl"
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.SCHOOL,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    image = models.ImageField(_("image"), upload_to="quizzes/%Y/%m/", blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for pupils who cannot see it."),
    )
    time_limit = models.PositiveSmallIntegerField(_("time limit (seconds)"), default=20)
    points = models.PositiveSmallIntegerField(
        _("points"), choices=Points.choices, default=Points.STANDARD
    )
    slider_min = models.DecimalField(
        _("lowest value"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    slider_max = models.DecimalField(
        _("highest value"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    slider_step = models.DecimalField(
        _("step"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    slider_correct = models.DecimalField(
        _("right value"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    slider_tolerance = models.DecimalField(
        _("tolerance"), max_digits=12, decimal_places=4, null=True, blank=True
    )

    class Meta:
        ordering = ["quiz", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "position"], name="question_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(
                    time_limit__gte=MIN_TIME_LIMIT, time_limit__lte=MAX_TIME_LIMIT
                ),
                name="question_time_limit_range",
            ),
            models.CheckConstraint(
                condition=Q(points__in=[p.value for p in Points]),
                name="question_points_value",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=UNSCORED_KINDS) | Q(points=Points.NONE),
                name="question_unscored_kinds_have_no_points",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def spec(self) -> QuestionSpec:
        """Returns the question as plain data for the engine (choices prefetched or
        read once)."""
        choices = list(self.choices.all())
        return QuestionSpec(
            kind=Kind(self.kind),
            time_limit=self.time_limit,
            points=self.points,
            choices=tuple(c.pk for c in choices),
            correct=frozenset(c.pk for c in choices if c.is_correct),
            accepted=tuple(c.text for c in choices)
            if self.kind == QuestionKind.TYPE_ANSWER
            else (),
            slider=self._slider(),
        )

    def _slider(self) -> Slider | None:
        if self.kind != QuestionKind.SLIDER:
            return None
        return Slider(
            minimum=self.slider_min,
            maximum=self.slider_max,
            step=self.slider_step,
            correct=self.slider_correct,
            tolerance=self.slider_tolerance or Decimal(0),
        )


class Choice(models.Model):
    """An answer to pick, an item to put in order, or an accepted typed answer."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("text"), max_length=200)
    is_correct = models.BooleanField(_("right answer"), default=False)

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="choice_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.text
