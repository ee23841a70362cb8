"""Reads for the lessons: published lessons, filters, search, glossaries and
assignments, each scoped to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max, QuerySet
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from lessons.i18n import url_in_language
from lessons.models import (
    CurriculumPoint,
    GlossaryTerm,
    LessonAssignment,
    LessonIndexPage,
    LessonPage,
    Topic,
)
from school_councils import selectors as school_selectors

# Duration filters: (lowest, highest) minutes, inclusive.
DURATIONS = {
    "short": (0, 30),
    "one": (31, 45),
    "long": (46, 10_000),
}


# Who sees what ----------------------------------------------------------------


def sees_teacher_notes(user) -> bool:
    """Staff of a school or the city and the CMS's editors see teacher notes;
    pupils and anonymous visitors never do."""
    if user is None or not user.is_authenticated:
        return False
    if school_selectors.is_pupil(user):
        return False
    return school_selectors.is_staff_member(user) or user.has_perm(
        "wagtailadmin.access_admin"
    )


def can_assign(user) -> bool:
    return bool(
        user.is_authenticated
        and not school_selectors.is_pupil(user)
        and school_selectors.classrooms_for_user(user).exists()
    )


# Lessons ------------------------------------------------------------------------


def current_locale() -> Locale:
    return Locale.get_active()


def lessons_in(locale: Locale) -> QuerySet[LessonPage]:
    """Returns the published lessons of a language."""
    return LessonPage.objects.live().public().filter(locale=locale)


def lesson_index_url() -> str | None:
    """Returns the address of the lessons index in the active language."""
    index = (
        LessonIndexPage.objects.live().filter(locale=current_locale()).first()
        or LessonIndexPage.objects.live().first()
    )
    return index.url if index is not None else None


def newest_lessons(*, locale: Locale, limit: int = 6) -> list[LessonPage]:
    return list(
        lessons_in(locale)
        .select_related("hero_image")
        .order_by("-first_published_at")[:limit]
    )


@dataclass(frozen=True)
class LessonFilters:
    grade_band: str = ""
    topic: str = ""
    curriculum_point: int | None = None
    duration: str = ""

    @property
    def active(self) -> bool:
        return bool(
            self.grade_band or self.topic or self.curriculum_point or self.duration
        )


def filter_lessons(
    lessons: QuerySet[LessonPage], filters: LessonFilters
) -> QuerySet[LessonPage]:
    """Returns ``lessons`` narrowed by ``filters``.

    Topic and curriculum filters go through the lessons' ids, so the result can
    still be searched: Wagtail's search filters only on indexed fields.
    """
    if filters.grade_band:
        lessons = lessons.filter(grade_band=filters.grade_band)
    if filters.duration in DURATIONS:
        low, high = DURATIONS[filters.duration]
        lessons = lessons.filter(duration_minutes__gte=low, duration_minutes__lte=high)
    related = LessonPage.objects.all()
    if filters.topic:
        related = related.filter(topics__slug=filters.topic)
    if filters.curriculum_point:
        related = related.filter(curriculum_points=filters.curriculum_point)
    if filters.topic or filters.curriculum_point:
        ids = list(related.values_list("pk", flat=True).distinct())
        lessons = lessons.filter(id__in=ids)
    return lessons


def search_lessons(*, query: str, locale: Locale, filters: LessonFilters):
    """Returns the lessons of ``locale`` matching ``query`` and ``filters``, best
    first (PostgreSQL full text on PostgreSQL), or by title without a query."""
    lessons = filter_lessons(lessons_in(locale), filters)
    if query:
        return list(lessons.search(query, operator="and"))
    return list(lessons.order_by("title"))


def search_glossary(*, query: str, locale: Locale) -> list[GlossaryTerm]:
    if not query:
        return []
    terms = GlossaryTerm.objects.filter(live=True, locale=locale)
    return list(get_search_backend().search(query, terms, operator="and"))


def topics_in(locale: Locale) -> list[Topic]:
    """Returns the topics named in ``locale`` (falling back to the original's name
    for a topic not translated yet), one per topic."""
    topics = {}
    for topic in Topic.objects.select_related("locale").order_by("name"):
        key = topic.translation_key
        if key not in topics or topic.locale_id == locale.pk:
            topics[key] = topic
    return sorted(topics.values(), key=lambda topic: topic.name.lower())


def topics_of(lesson: LessonPage) -> list[Topic]:
    """Returns a lesson's topics named in the lesson's language where translated,
    in one query."""
    keys = LessonPage.topics.through.objects.filter(lessonpage=lesson).values(
        "topic__translation_key"
    )
    by_key: dict = {}
    for topic in Topic.objects.filter(translation_key__in=keys).order_by("name"):
        known = by_key.get(topic.translation_key)
        if known is None or topic.locale_id == lesson.locale_id:
            by_key[topic.translation_key] = topic
    return sorted(by_key.values(), key=lambda topic: topic.name.lower())


def curriculum_points() -> QuerySet[CurriculumPoint]:
    return CurriculumPoint.objects.all()


# Glossary ---------------------------------------------------------------------


def glossary_for(page: LessonPage) -> dict:
    """Returns the live glossary terms a lesson's key terms name, in the lesson's
    language where translated, by translation key, in the order they appear."""
    ids = [
        block["value"]
        for block in page.body.raw_data
        if block["type"] == "key_term" and block["value"]
    ]
    if not ids:
        return {}
    chosen = GlossaryTerm.objects.filter(pk__in=ids, live=True)
    keys = {term.pk: term.translation_key for term in chosen}
    localized = {
        term.translation_key: term
        for term in GlossaryTerm.objects.filter(
            translation_key__in=keys.values(), locale_id=page.locale_id, live=True
        )
    }
    glossary = {}
    for pk in ids:
        key = keys.get(pk)
        if key is not None and key not in glossary:
            glossary[key] = localized.get(key) or next(
                term for term in chosen if term.pk == pk
            )
    return glossary


def embeds_for(page: LessonPage) -> dict:
    """Returns the cached embeds of a lesson's videos by address, in one query
    (Wagtail would look each one up on its own)."""
    urls = [
        b["value"] for b in page.body.raw_data if b["type"] == "video" and b["value"]
    ]
    if not urls:
        return {}
    hashes = [get_embed_hash(url) for url in urls]
    return {embed.url: embed for embed in Embed.objects.filter(hash__in=hashes)}


def glossary_stamp() -> str:
    """Changes whenever a glossary term is published or unpublished, for cache
    keys of lessons that show terms."""
    latest = GlossaryTerm.objects.filter(live=True).aggregate(
        published=Max("last_published_at"), newest=Max("pk")
    )
    count = GlossaryTerm.objects.filter(live=True).count()
    published = latest["published"].timestamp() if latest["published"] else 0
    return f"{published}-{latest['newest']}-{count}"


# Assignments ------------------------------------------------------------------


def assignments_for_user(user) -> QuerySet[LessonAssignment]:
    """Returns the assignments of the classes ``user`` manages."""
    return LessonAssignment.objects.filter(
        classroom__in=school_selectors.classrooms_for_user(user)
    ).select_related("lesson", "classroom", "classroom__school", "assigned_by")


def assignments_for_classroom(classroom) -> QuerySet[LessonAssignment]:
    """Returns a class's assignments; the caller has already scoped the class."""
    return LessonAssignment.objects.filter(classroom=classroom).select_related(
        "lesson", "lesson__locale", "assigned_by"
    )


@dataclass(frozen=True)
class AssignedLesson:
    """An assignment as a pupil sees it: the lesson in their class's language, or
    the original with ``fallback`` set when it is not translated."""

    assignment: LessonAssignment
    lesson: LessonPage
    url: str
    fallback: bool


def assignments_for_pupil(pupil) -> list[AssignedLesson]:
    """Returns the lessons assigned to the pupil's class, not yet taught first,
    each in the class's language where there is a translation."""
    language = pupil.classroom.language
    assignments = assignments_for_classroom(pupil.classroom).filter(lesson__live=True)
    shown = []
    for assignment in sorted(assignments, key=lambda a: a.taught_at is not None):
        shown.append(_as_assigned(assignment, language))
    return shown


def _as_assigned(assignment: LessonAssignment, language: str) -> AssignedLesson:
    lesson = assignment.lesson
    if lesson.locale.language_code == language:
        return AssignedLesson(
            assignment, lesson, url_in_language(lesson, language), False
        )
    locale = Locale.objects.filter(language_code=language).first()
    translation = lesson.get_translation_or_none(locale) if locale else None
    if translation is not None and translation.live:
        return AssignedLesson(
            assignment, translation, url_in_language(translation, language), False
        )
    return AssignedLesson(assignment, lesson, url_in_language(lesson, language), True)


def assigned_classrooms(user, lesson: LessonPage) -> set[int]:
    """Returns the ids of the user's classes that have this lesson (in any
    language) already."""
    return set(
        assignments_for_user(user)
        .filter(lesson_key=lesson.translation_key)
        .values_list("classroom_id", flat=True)
    )
