"""Changes to quizzes after they are written: settings, a question's content, the
order of questions, and copies into "my quizzes".

The rules are those of :mod:`quizzes.services.content` (the same checks run on
every path: the editor, imports and the library), so a question the editor saves
is one the live game can play. A question answered in a game keeps what its
results depend on (kind, answers, slider, points); its wording, picture and time
limit can still be polished.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from quizzes import selectors
from quizzes.models import Choice, Question, QuestionKind, Quiz, Visibility
from quizzes.services.content import (
    MAX_QUESTIONS,
    SliderInput,
    _choice_rows,
    _clean_choices,
    _clean_text,
    _clean_timing,
    _clean_title,
    _editable,
    _slider_fields,
    _true_false_rows,
)
from school_councils import selectors as school_selectors
from school_councils.models import School

# Free while two questions swap places: above any real position.
SWAP_POSITION = 32_000


@dataclass(frozen=True)
class CheckedQuestion:
    """A question's fields after the content rules, ready to store."""

    kind: str
    text: str
    time_limit: int
    points: int
    choices: list[Choice]
    slider: dict


def question_check(
    *,
    kind: str,
    text: str,
    language: str,
    choices: Sequence[str] = (),
    correct: Iterable[int] = (),
    time_limit: int = 20,
    points: int | None = None,
    slider: SliderInput | None = None,
) -> CheckedQuestion:
    """Runs the content rules on a question without storing it; raises
    :class:`ValidationError` whose ``code`` names the field at fault."""
    if kind not in QuestionKind.values:
        raise ValidationError(_("Choose a kind of question."), code="kind")
    text = _clean_text(text)
    time_limit, points = _clean_timing(kind, time_limit, points)
    correct = set(correct)
    if kind == QuestionKind.TRUE_FALSE:
        rows = _true_false_rows(language, correct)
    else:
        rows = _choice_rows(kind, _clean_choices(choices), correct)
    extra = _slider_fields(slider) if kind == QuestionKind.SLIDER else {}
    return CheckedQuestion(kind, text, time_limit, points, rows, extra)


# Quiz settings -------------------------------------------------------------------


def quiz_update(*, by, quiz: Quiz, title: str, language: str, visibility: str) -> Quiz:
    """Renames a quiz, changes its language or who in the school sees it. Only
    the owner may; colleagues see a shared quiz and copy it, but never change it."""
    if not selectors.quizzes_editable_by(by).filter(pk=quiz.pk).exists():
        raise Http404
    if language not in dict(Quiz._meta.get_field("language").choices):
        raise ValidationError(
            _("Choose Polish, Ukrainian or English."), code="language"
        )
    if visibility not in Visibility.values:
        raise ValidationError(_("Choose who can see the quiz."), code="visibility")
    quiz.title = _clean_title(title)
    quiz.language = language
    quiz.visibility = visibility
    quiz.save(update_fields=["title", "language", "visibility", "updated_at"])
    return quiz


def _touch(quiz: Quiz) -> None:
    Quiz.objects.filter(pk=quiz.pk).update(updated_at=timezone.now())


# Questions -----------------------------------------------------------------------


def _choice_signature(rows) -> list[tuple[str, bool]]:
    return [(row.text, row.is_correct) for row in rows]


def _scoring_changed(question: Question, checked: CheckedQuestion) -> bool:
    slider_before = {column: getattr(question, column) for column in checked.slider}
    return (
        question.kind != checked.kind
        or question.points != checked.points
        or slider_before != checked.slider
        or _choice_signature(question.choices.all())
        != _choice_signature(checked.choices)
    )


def _replace_choices(question: Question, rows: list[Choice]) -> None:
    """Keeps the rows that stay (their ids are what answers point at) and adds or
    drops the rest."""
    existing = list(question.choices.order_by("position"))
    for row, new in zip(existing, rows, strict=False):
        if (row.text, row.is_correct) != (new.text, new.is_correct):
            row.text, row.is_correct = new.text, new.is_correct
            row.save(update_fields=["text", "is_correct"])
    Choice.objects.filter(pk__in=[row.pk for row in existing[len(rows) :]]).delete()
    for new in rows[len(existing) :]:
        new.question = question
    Choice.objects.bulk_create(rows[len(existing) :])


SLIDER_COLUMNS = (
    "slider_min",
    "slider_max",
    "slider_step",
    "slider_correct",
    "slider_tolerance",
)


@transaction.atomic
def question_update(
    *,
    by,
    question: Question,
    kind: str,
    text: str,
    choices: Sequence[str] = (),
    correct: Iterable[int] = (),
    time_limit: int = 20,
    points: int | None = None,
    slider: SliderInput | None = None,
    image=None,
    image_alt: str = "",
    remove_image: bool = False,
) -> Question:
    """Changes a question in place, keeping its position (arguments as in
    :func:`~quizzes.services.content.question_add`; ``image`` replaces the picture,
    ``remove_image`` drops it)."""
    quiz = _editable(by, question.quiz)
    question = Question.objects.select_for_update().get(pk=question.pk)
    checked = question_check(
        kind=kind,
        text=text,
        language=quiz.language,
        choices=choices,
        correct=correct,
        time_limit=time_limit,
        points=points,
        slider=slider,
    )
    answered = question.live_answers.exists() or question.selfpaced_answers.exists()
    if answered and _scoring_changed(question, checked):
        raise ValidationError(
            _(
                "This question has been answered in a game, so its kind, answers and "
                "points stay as they were. Duplicate the quiz to change them."
            ),
            code="played",
        )
    question.kind = checked.kind
    question.text = checked.text
    question.time_limit = checked.time_limit
    question.points = checked.points
    for column in SLIDER_COLUMNS:
        setattr(question, column, checked.slider.get(column))
    question.image_alt = " ".join(image_alt.split())
    if image:
        question.image = image
    elif remove_image:
        question.image = ""
    question.save()
    _replace_choices(question, checked.choices)
    _touch(quiz)
    return question


@transaction.atomic
def question_move(*, by, question: Question, offset: int) -> Question:
    """Moves a question one place up (``offset=-1``) or down (``+1``), swapping
    with its neighbour; at either end nothing moves. Positions stay 0, 1, 2..."""
    if offset not in (-1, 1):
        raise ValidationError(_("Move a question up or down."), code="offset")
    quiz = _editable(by, question.quiz)
    # The quiz row is the lock: two moves at once would otherwise swap with the same
    # neighbour and leave a gap.
    Quiz.objects.select_for_update().get(pk=quiz.pk)
    question = Question.objects.get(pk=question.pk)
    neighbour = quiz.questions.filter(position=question.position + offset).first()
    if neighbour is None:
        return question
    here, there = question.position, neighbour.position
    question.position = SWAP_POSITION
    question.save(update_fields=["position"])
    neighbour.position = here
    neighbour.save(update_fields=["position"])
    question.position = there
    question.save(update_fields=["position"])
    _touch(quiz)
    return question


# Copies ------------------------------------------------------------------------


def copy_title(title: str) -> str:
    """Returns the title of a copy, cut to fit the title column."""
    limit = Quiz._meta.get_field("title").max_length
    suffix = _(" (copy)")
    return title[: limit - len(suffix)] + suffix


def duplicate_school(by, preferred: School | None, chosen: School | None) -> School:
    """The school a copy goes to: the one chosen, else the source's when the user
    works there, else the user's only school."""
    schools = school_selectors.schools_for_user(by)
    for school in (chosen, preferred):
        if school is not None and schools.filter(pk=school.pk).exists():
            return school
    if chosen is not None:
        raise Http404
    if schools.count() != 1:
        raise ValidationError(
            _("Choose the school the copy belongs to."), code="school"
        )
    return schools.get()


def _copy_image(source: Question, target: Question) -> None:
    """Gives the copy its own file, so deleting one quiz never takes the other's
    picture."""
    if not source.image:
        return
    with source.image.open("rb") as handle:
        content = handle.read()
    name = source.image.name.rsplit("/", 1)[-1]
    target.image.save(name, ContentFile(content), save=True)


@transaction.atomic
def quiz_duplicate(*, by, quiz: Quiz, school: School | None = None) -> Quiz:
    """Copies a quiz the user may see (their own or one their school shares) into
    their quizzes: every question, answer and picture, as a private quiz they own."""
    if school_selectors.is_pupil(by) or not (
        selectors.quizzes_for_user(by).filter(pk=quiz.pk).exists()
    ):
        raise Http404
    target = duplicate_school(by, quiz.school, school)
    copy = Quiz.objects.create(
        owner=by,
        school=target,
        title=copy_title(quiz.title),
        language=quiz.language,
        visibility=Visibility.PRIVATE,
    )
    questions = quiz.questions.order_by("position").prefetch_related("choices")
    if questions.count() > MAX_QUESTIONS:
        raise ValidationError(
            _("A quiz has at most %(max)d questions.") % {"max": MAX_QUESTIONS},
            code="questions",
        )
    for question in questions:
        _copy_question(question, copy)
    return copy


def _copy_question(source: Question, quiz: Quiz) -> Question:
    choices = list(source.choices.all())
    question = Question.objects.create(
        quiz=quiz,
        position=source.position,
        kind=source.kind,
        text=source.text,
        image_alt=source.image_alt,
        time_limit=source.time_limit,
        points=source.points,
        **{column: getattr(source, column) for column in SLIDER_COLUMNS},
    )
    Choice.objects.bulk_create(
        Choice(
            question=question, position=c.position, text=c.text, is_correct=c.is_correct
        )
        for c in choices
    )
    _copy_image(source, question)
    return question
