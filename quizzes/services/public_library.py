"""The public quiz library as teachers see it: published library quizzes, and
copies of them into "my quizzes" that can be run live.

Editors' drafts never reach teachers: a library quiz that was never published is
not found, and one with unpublished changes is read from its live revision.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from quizzes.models import LibraryQuiz, Quiz, Visibility
from quizzes.services.content import question_add, quiz_create
from quizzes.services.editing import duplicate_school
from school_councils import selectors as school_selectors
from school_councils.models import School


def library_quizzes_published(
    *, language: str | None = None, words: str = ""
) -> QuerySet:
    """Returns the published library quizzes, in one language when given, with
    every one of ``words`` in the title or description."""
    quizzes = LibraryQuiz.objects.filter(live=True).select_related("locale")
    if language:
        quizzes = quizzes.filter(locale__language_code=language)
    for word in words.split()[:10]:
        quizzes = quizzes.filter(
            Q(title__icontains=word) | Q(description__icontains=word)
        )
    return quizzes.order_by("title")


def library_quiz_published_version(library_quiz: LibraryQuiz) -> LibraryQuiz:
    """Returns what teachers see of a library quiz: its live revision when editors
    have saved changes since, else the quiz itself. Raises 404 for a quiz that is
    not published."""
    if not library_quiz.live:
        raise Http404
    if library_quiz.has_unpublished_changes and library_quiz.live_revision_id:
        published = library_quiz.live_revision.as_object()
        published.pk = library_quiz.pk
        return published
    return library_quiz


def _image_file(image):
    """A copy of a library image's file for the question's own image field."""
    if image is None:
        return None
    with image.file.open("rb") as handle:
        content = handle.read()
    return ContentFile(content, name=image.file.name.rsplit("/", 1)[-1])


@transaction.atomic
def library_quiz_duplicate(
    *, by, library_quiz: LibraryQuiz, school: School | None = None
) -> Quiz:
    """Copies the published version of a library quiz into ``by``'s quizzes as a
    private quiz in its language, each question checked by the content services."""
    if not school_selectors.is_staff_member(by) or school_selectors.is_pupil(by):
        raise Http404
    published = library_quiz_published_version(library_quiz)
    quiz = quiz_create(
        by=by,
        school=duplicate_school(by, None, school),
        title=published.title,
        language=published.locale.language_code,
        visibility=Visibility.PRIVATE,
    )
    for child in published.questions:
        question_add(
            by=by,
            quiz=quiz,
            image=_image_file(child.value.get("image")),
            image_alt=child.value.get("image_alt") or "",
            **child.block.question_fields(child.value),
        )
    return quiz
