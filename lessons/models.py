"""Lessons: Wagtail pages, the snippets they refer to, and assignments to classes.

The page tree (one per locale, pl is the original): ``HomePage`` (the site root) >
``LessonIndexPage`` (slug ``lessons``) > ``LessonPage``. Migration 0002 creates the
pl home page and lessons index; translations are made with
``wagtail.contrib.simple_translation``.

For code that creates lessons (the demo loader): ``Topic`` is found by ``slug``
(the key in topics.json) and locale; ``CurriculumPoint`` by ``subject``, ``stage``
and ``code``; ``GlossaryTerm`` by ``slug`` (the glossary key) and locale, all
translations of one term sharing a ``translation_key``. ``LessonPage`` takes
``learning_objectives`` as ``[("objective", text), ...]`` and ``body`` in the shapes
listed in :mod:`lessons.blocks`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    Page,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
)
from wagtail.search import index

from lessons.api_fields import CurriculumPointSerializer, TopicSerializer
from lessons.blocks import LessonBodyBlock, ObjectivesBlock


class GradeBand(models.TextChoices):
    PRIMARY_4_6 = "primary_4_6", _("Primary school, grades 4-6")
    PRIMARY_7_8 = "primary_7_8", _("Primary school, grades 7-8")
    SECONDARY = "secondary", _("Secondary school")


class Subject(models.TextChoices):
    WOS = "wos", _("Civics (WOS)")
    EDO = "edo", _("Civic education (EDO)")


class Stage(models.TextChoices):
    PRIMARY = "primary", _("Primary school")
    SECONDARY = "secondary", _("Secondary school")


# Snippets -----------------------------------------------------------------------


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """A theme lessons are grouped by on the lessons index (e.g. democracy)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("The same in every language; used in addresses and filters."),
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]
    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="lessons_topic_unique_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CurriculumPoint(index.Indexed, models.Model):
    """A requirement of the Polish core curriculum (podstawa programowa).

    Its wording is official and Polish, so it is not translated.
    """

    subject = models.CharField(_("subject"), max_length=3, choices=Subject.choices)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    code = models.CharField(
        _("code"), max_length=30, help_text=_('As in the regulation, e.g. "I.1".')
    )
    text = models.TextField(_("text"), help_text=_("The official wording."))

    search_fields = [
        index.SearchField("code"),
        index.SearchField("text"),
        index.AutocompleteField("code"),
        index.FilterField("subject"),
        index.FilterField("stage"),
    ]
    panels = [
        FieldPanel("subject"),
        FieldPanel("stage"),
        FieldPanel("code"),
        FieldPanel("text"),
    ]

    class Meta:
        ordering = ["subject", "stage", "code"]
        verbose_name = _("core-curriculum requirement")
        verbose_name_plural = _("core-curriculum requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "stage", "code"],
                name="lessons_curriculum_point_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.text[:80]}"

    @property
    def label(self) -> str:
        """A short reference such as "WOS-SP I.1" (SP: primary, PP: secondary)."""
        stage = "SP" if self.stage == Stage.PRIMARY else "PP"
        return f"{self.subject.upper()}-{stage} {self.code}"


class GlossaryTerm(
    PreviewableMixin,
    DraftStateMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    """A term lessons explain in place and list in their glossary."""

    term = models.CharField(_("term"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        help_text=_("The same in every language; identifies the term."),
    )
    definition = models.TextField(
        _("definition"), help_text=_("One or two plain sentences a pupil understands.")
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="term")

    search_fields = [
        index.SearchField("term", boost=3),
        index.AutocompleteField("term"),
        index.SearchField("definition"),
        index.FilterField("locale"),
        index.FilterField("live"),
    ]
    panels = [FieldPanel("term"), FieldPanel("slug"), FieldPanel("definition")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="lessons_glossary_unique_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.term

    @property
    def revisions(self):
        return self._revisions

    def get_preview_template(self, request, mode_name):
        return "lessons/glossary_term_preview.html"


# Pages --------------------------------------------------------------------------


class HomePage(Page):
    """The site's front page: the platform explained to a teacher, and the newest
    lessons."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Optional text shown above the description of the platform."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["lessons.LessonIndexPage"]
    max_count_per_parent = 1
    template = "lessons/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from lessons.selectors import newest_lessons

        context = super().get_context(request, *args, **kwargs)
        context["newest_lessons"] = newest_lessons(locale=self.locale, limit=6)
        context["lesson_index"] = LessonIndexPage.objects.child_of(self).live().first()
        return context


class LessonIndexPage(RoutablePageMixin, Page):
    """All lessons of a language, grouped by topic, with filters and a search."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["lessons.HomePage"]
    subpage_types = ["lessons.LessonPage"]
    max_count_per_parent = 1
    template = "lessons/lesson_index_page.html"

    class Meta:
        verbose_name = _("lessons index")

    @path("")
    def index_route(self, request):
        from lessons.views.index import lesson_index

        return lesson_index(request, self)

    @path("search/", name="search")
    def search_route(self, request):
        from lessons.views.search import lesson_search

        return lesson_search(request, self)

    def route(self, request, path_components):
        """Routes to a lesson of this language or, when the lesson has no
        translation here yet, to the original (which then says so)."""
        try:
            return super().route(request, path_components)
        except Http404:
            lesson = self.untranslated_lesson(path_components[0])
            if lesson is None:
                raise
            return lesson.route(request, path_components[1:])

    def untranslated_lesson(self, slug: str) -> LessonPage | None:
        """Returns the live lesson called ``slug`` in another language's index,
        the default language first, or its translation here when it has one under
        another slug."""
        indexes = LessonIndexPage.objects.filter(translation_key=self.translation_key)
        candidates = [
            lesson
            for index in indexes.exclude(pk=self.pk)
            for lesson in LessonPage.objects.child_of(index).live().filter(slug=slug)
        ]
        if not candidates:
            return None
        candidates.sort(key=lambda lesson: not lesson.locale.is_default)
        original = candidates[0]
        translation = original.get_translation_or_none(self.locale)
        return translation if translation is not None and translation.live else original


class LessonPage(RoutablePageMixin, Page):
    """One lesson: what it is for, who it suits, and its content block by block."""

    summary = models.TextField(
        _("summary"),
        max_length=500,
        help_text=_("Two or three sentences for the lesson list and search results."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("main image text alternative"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    grade_band = models.CharField(_("grades"), max_length=12, choices=GradeBand.choices)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=45,
        validators=[MinValueValidator(5), MaxValueValidator(360)],
    )
    topics = ParentalManyToManyField(
        "lessons.Topic", verbose_name=_("topics"), blank=True, related_name="lessons"
    )
    curriculum_points = ParentalManyToManyField(
        "lessons.CurriculumPoint",
        verbose_name=_("core-curriculum requirements"),
        blank=True,
        related_name="lessons",
    )
    learning_objectives = StreamField(
        ObjectivesBlock(),
        verbose_name=_("learning objectives"),
        blank=True,
        help_text=_("What pupils will know or be able to do after the lesson."),
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("lesson content"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")],
            heading=_("Main image"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("grade_band"),
                FieldPanel("duration_minutes"),
                FieldPanel("topics"),
                FieldPanel("curriculum_points"),
            ],
            heading=_("For whom and where in the curriculum"),
        ),
        FieldPanel("learning_objectives"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("learning_objectives"),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields(
            "curriculum_points", [index.SearchField("code"), index.SearchField("text")]
        ),
        index.FilterField("grade_band"),
        index.FilterField("duration_minutes"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("grade_band"),
        APIField("duration_minutes"),
        APIField("hero_image"),
        APIField("hero_image_alt"),
        APIField("topics", serializer=TopicSerializer(many=True)),
        APIField("curriculum_points", serializer=CurriculumPointSerializer(many=True)),
        APIField("learning_objectives"),
        APIField("body"),
    ]
    parent_page_types = ["lessons.LessonIndexPage"]
    subpage_types = []
    template = "lessons/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @path("")
    def index_route(self, request):
        from lessons.views.lesson import lesson_detail

        return lesson_detail(request, self)

    @path("print/", name="print")
    def print_route(self, request):
        from lessons.views.lesson import lesson_detail

        return lesson_detail(request, self, printable=True)

    @path("assign/", name="assign")
    def assign_route(self, request):
        from lessons.views.assign import lesson_assign_view

        return lesson_assign_view(request, self)


# Assignments ----------------------------------------------------------------------


class LessonAssignment(models.Model):
    """A lesson a teacher set for one of their classes.

    ``lesson`` is the page the teacher chose; pupils see its translation in their
    class's language when there is one. ``lesson_key`` (the page's translation key)
    keeps one assignment per lesson and class whatever translation was chosen.
    """

    lesson = models.ForeignKey(
        LessonPage,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("lesson"),
    )
    lesson_key = models.UUIDField(editable=False)
    classroom = models.ForeignKey(
        "school_councils.Classroom",
        on_delete=models.CASCADE,
        related_name="lesson_assignments",
        verbose_name=_("class"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    date = models.DateField(_("date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    taught_at = models.DateTimeField(_("taught at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [models.F("date").asc(nulls_last=True), "-created_at"]
        verbose_name = _("lesson assignment")
        verbose_name_plural = _("lesson assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["lesson_key", "classroom"],
                name="lessons_assignment_once_per_class",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lesson} → {self.classroom}"

    @property
    def is_taught(self) -> bool:
        return self.taught_at is not None
