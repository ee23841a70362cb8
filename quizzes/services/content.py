"""Writes to quizzes and their questions. Each checks who asks.

Services raise :class:`~django.core.exceptions.ValidationError` with a message fit
to show the teacher (its ``code`` names the field or rule), and
:class:`~django.http.Http404` for quizzes outside the user's reach.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from quizzes import selectors
from quizzes.engine.questions import MAX_TIME_LIMIT, MIN_TIME_LIMIT
from quizzes.engine.text import normalise
from quizzes.models import (
    Choice,
    LiveSession,
    Points,
    Question,
    QuestionKind,
    Quiz,
    Visibility,
)
from school_councils import selectors as school_selectors
from school_councils.models import School

MAX_CHOICES = 6
MAX_ACCEPTED = 10
MAX_QUESTIONS = 100
MAX_SLIDER_STEPS = 10_000

TITLE_MAX = Quiz._meta.get_field("title").max_length
TEXT_MAX = Question._meta.get_field("text").max_length
CHOICE_MAX = Choice._meta.get_field("text").max_length
UNSCORED = {QuestionKind.POLL, QuestionKind.WORD_CLOUD, QuestionKind.OPEN}


@dataclass(frozen=True)
class SliderInput:
    minimum: Decimal | int | float | str
    maximum: Decimal | int | float | str
    step: Decimal | int | float | str
    correct: Decimal | int | float | str
    tolerance: Decimal | int | float | str = 0


# Quizzes -------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("Give the quiz a title."), code="title")
    if len(title) > TITLE_MAX:
        raise ValidationError(
            _("A title has at most %(max)d characters.") % {"max": TITLE_MAX},
            code="title",
        )
    return title


def quiz_create(
    *,
    by,
    school: School,
    title: str,
    language: str = "pl",
    visibility: str = Visibility.SCHOOL,
) -> Quiz:
    """Creates an empty quiz owned by ``by`` in one of their schools."""
    if school_selectors.is_pupil(by) or not school_selectors.user_is_staff_of(
        by, school
    ):
        raise Http404
    if language not in dict(Quiz._meta.get_field("language").choices):
        raise ValidationError(
            _("Choose Polish, Ukrainian or English."), code="language"
        )
    if visibility not in Visibility.values:
        raise ValidationError(_("Choose who can see the quiz."), code="visibility")
    return Quiz.objects.create(
        owner=by,
        school=school,
        title=_clean_title(title),
        language=language,
        visibility=visibility,
    )


def _editable(by, quiz: Quiz) -> Quiz:
    if not selectors.quizzes_editable_by(by).filter(pk=quiz.pk).exists():
        raise Http404
    if LiveSession.objects.filter(quiz=quiz, ended_at__isnull=True).exists():
        raise ValidationError(
            _("This quiz is being played right now. Change it when the game ends."),
            code="live",
        )
    return quiz


@transaction.atomic
def quiz_delete(*, by, quiz: Quiz) -> None:
    """Deletes a quiz that was never played; a played one keeps its results."""
    _editable(by, quiz)
    if quiz.live_sessions.exists():
        raise ValidationError(
            _(
                "This quiz has been played, so its results keep it. Make it private "
                "instead."
            ),
            code="played",
        )
    if quiz.assignments.exists():
        raise ValidationError(
            _(
                "This quiz is assigned to a class, so the pupils' results keep it. "
                "Make it private instead."
            ),
            code="assigned",
        )
    quiz.delete()


# Questions -----------------------------------------------------------------------


def _clean_text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValidationError(_("Write the question."), code="text")
    if len(text) > TEXT_MAX:
        raise ValidationError(
            _("A question has at most %(max)d characters.") % {"max": TEXT_MAX},
            code="text",
        )
    return text


def _clean_timing(kind: str, time_limit: int, points: int | None) -> tuple[int, int]:
    if not isinstance(time_limit, int) or not (
        MIN_TIME_LIMIT <= time_limit <= MAX_TIME_LIMIT
    ):
        raise ValidationError(
            _("The time limit is from %(min)d to %(max)d seconds.")
            % {"min": MIN_TIME_LIMIT, "max": MAX_TIME_LIMIT},
            code="time_limit",
        )
    if points is None:
        points = Points.NONE if kind in UNSCORED else Points.STANDARD
    if points not in Points.values:
        raise ValidationError(
            _("Points are none, standard (1000) or double (2000)."), code="points"
        )
    if kind in UNSCORED and points != Points.NONE:
        raise ValidationError(
            _("Polls, word clouds and open answers give no points."), code="points"
        )
    return time_limit, points


def _clean_choices(choices: Iterable[str]) -> list[str]:
    cleaned = [" ".join(str(c).split()) for c in choices]
    if any(not c for c in cleaned):
        raise ValidationError(_("An answer is empty."), code="choices")
    if any(len(c) > CHOICE_MAX for c in cleaned):
        raise ValidationError(
            _("An answer has at most %(max)d characters.") % {"max": CHOICE_MAX},
            code="choices",
        )
    return cleaned


def _need(count_ok: bool, message: str) -> None:
    if not count_ok:
        raise ValidationError(message, code="choices")


def _choice_rows(kind, choices: list[str], correct: set[int]) -> list[Choice]:
    """Checks the choices a kind needs; returns unsaved rows."""
    n = len(choices)
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.POLL):
        _need(
            2 <= n <= MAX_CHOICES,
            _("Give from 2 to %(max)d answers.") % {"max": MAX_CHOICES},
        )
        _need(
            len({normalise(c) for c in choices}) == n,
            _("Two answers are the same."),
        )
        _need(correct <= set(range(n)), _("Mark a right answer among the answers."))
    if kind == QuestionKind.SINGLE:
        _need(len(correct) == 1, _("Mark exactly one right answer."))
    elif kind == QuestionKind.MULTIPLE:
        _need(len(correct) >= 1, _("Mark at least one right answer."))
    elif kind == QuestionKind.POLL:
        _need(not correct, _("A poll has no right answer."))
    elif kind == QuestionKind.TYPE_ANSWER:
        _need(
            1 <= n <= MAX_ACCEPTED,
            _("Give from 1 to %(max)d accepted answers.") % {"max": MAX_ACCEPTED},
        )
        _need(
            all(normalise(c) for c in choices),
            _("An accepted answer needs letters or digits."),
        )
        correct = set(range(n))
    elif kind == QuestionKind.ORDER:
        _need(
            2 <= n <= MAX_CHOICES,
            _("Give from 2 to %(max)d items, in the right order.")
            % {"max": MAX_CHOICES},
        )
    else:
        _need(n == 0, _("This kind of question has no answers to choose from."))
    return [
        Choice(position=i, text=text, is_correct=i in correct)
        for i, text in enumerate(choices)
    ]


def _true_false_rows(language: str, correct: set[int]) -> list[Choice]:
    if correct not in ({0}, {1}):
        raise ValidationError(
            _("Say whether the statement is true or false."), code="choices"
        )
    with override(language):
        texts = [_("True"), _("False")]
    return [
        Choice(position=i, text=text, is_correct=i in correct)
        for i, text in enumerate(texts)
    ]


def _decimal(value, label: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise ValidationError(
            _("%(field)s must be a number.") % {"field": label}, code="slider"
        )
    return number


def _slider_fields(slider: SliderInput | None) -> dict:
    if slider is None:
        raise ValidationError(_("Set up the slider."), code="slider")
    low = _decimal(slider.minimum, _("The lowest value"))
    high = _decimal(slider.maximum, _("The highest value"))
    step = _decimal(slider.step, _("The step"))
    right = _decimal(slider.correct, _("The right value"))
    tolerance = _decimal(slider.tolerance, _("The tolerance"))
    problems = [
        (low < high, _("The lowest value must be below the highest.")),
        (step > 0, _("The step must be above zero.")),
        (tolerance >= 0, _("The tolerance cannot be negative.")),
        (low <= right <= high, _("The right value must be on the slider.")),
    ]
    for ok, message in problems:
        if not ok:
            raise ValidationError(message, code="slider")
    steps = (high - low) / step
    if steps != steps.to_integral_value() or steps > MAX_SLIDER_STEPS:
        raise ValidationError(
            _("The step must divide the slider into at most %(max)d equal steps.")
            % {"max": MAX_SLIDER_STEPS},
            code="slider",
        )
    if (right - low) / step != ((right - low) / step).to_integral_value():
        raise ValidationError(
            _("The right value must be one of the slider's steps."), code="slider"
        )
    return {
        "slider_min": low,
        "slider_max": high,
        "slider_step": step,
        "slider_correct": right,
        "slider_tolerance": tolerance,
    }


@transaction.atomic
def question_add(
    *,
    by,
    quiz: Quiz,
    kind: str,
    text: str,
    choices: Sequence[str] = (),
    correct: Iterable[int] = (),
    time_limit: int = 20,
    points: int | None = None,
    slider: SliderInput | None = None,
    image=None,
    image_alt: str = "",
) -> Question:
    """Adds a question at the end of the quiz.

    ``choices`` are the answers to pick (single and multiple choice, polls), the
    items in their right order (put in order) or the accepted answers (type the
    answer); ``correct`` holds the indexes of the right choices, and for true/false
    ``[0]`` (true) or ``[1]`` (false). ``points`` defaults to standard, or to none
    for polls, word clouds and open answers.
    """
    _editable(by, quiz)
    if kind not in QuestionKind.values:
        raise ValidationError(_("Choose a kind of question."), code="kind")
    if quiz.questions.count() >= MAX_QUESTIONS:
        raise ValidationError(
            _("A quiz has at most %(max)d questions.") % {"max": MAX_QUESTIONS},
            code="questions",
        )
    time_limit, points = _clean_timing(kind, time_limit, points)
    correct = set(correct)
    if kind == QuestionKind.TRUE_FALSE:
        rows = _true_false_rows(quiz.language, correct)
    else:
        rows = _choice_rows(kind, _clean_choices(choices), correct)
    extra = _slider_fields(slider) if kind == QuestionKind.SLIDER else {}
    last = quiz.questions.aggregate(last=Max("position"))["last"]
    question = Question.objects.create(
        quiz=quiz,
        position=0 if last is None else last + 1,
        kind=kind,
        text=_clean_text(text),
        time_limit=time_limit,
        points=points,
        image_alt=" ".join(image_alt.split()),
        **extra,
    )
    if image:
        question.image = image
        question.save(update_fields=["image"])
    for row in rows:
        row.question = question
    Choice.objects.bulk_create(rows)
    Quiz.objects.filter(pk=quiz.pk).update(updated_at=timezone.now())
    return question


@transaction.atomic
def question_delete(*, by, question: Question) -> None:
    """Removes a question; the ones after it move up."""
    quiz = _editable(by, question.quiz)
    if question.live_answers.exists() or question.selfpaced_answers.exists():
        raise ValidationError(
            _("This question has been answered in a game, so its results keep it."),
            code="played",
        )
    position = question.position
    question.delete()
    # Moved one by one, in order, so the unique positions never collide.
    for later in quiz.questions.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
