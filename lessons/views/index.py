"""The lessons index: every lesson of a language, grouped by topic, with filters."""

from __future__ import annotations

from lessons import selectors
from lessons.forms import LessonFilterForm
from lessons.selectors import LessonFilters


def lesson_index(request, index):
    locale = index.locale
    topics = selectors.topics_in(locale)
    form = LessonFilterForm(
        request.GET or None, topics=topics, points=selectors.curriculum_points()
    )
    for name in ("q", "language"):
        del form.fields[name]
    filters = form.filters() if request.GET else LessonFilters()
    lessons = (
        selectors.filter_lessons(selectors.lessons_in(locale), filters)
        .select_related("hero_image")
        .prefetch_related("topics")
        .order_by("title")
    )
    lessons = list(lessons)
    return index.render(
        request,
        context_overrides={
            "form": form,
            "filters": filters,
            "lesson_count": len(lessons),
            "sections": by_topic(lessons, topics),
        },
    )


def by_topic(lessons, topics) -> list[tuple]:
    """Returns (topic, lessons) pairs in the order of ``topics``, then (None,
    lessons without a topic). A lesson with two topics is listed under both."""
    sections = {topic.translation_key: (topic, []) for topic in topics}
    untopical = []
    for lesson in lessons:
        keys = {topic.translation_key for topic in lesson.topics.all()}
        for key in keys & sections.keys():
            sections[key][1].append(lesson)
        if not keys & sections.keys():
            untopical.append(lesson)
    found = [(topic, items) for topic, items in sections.values() if items]
    return found + ([(None, untopical)] if untopical else [])
