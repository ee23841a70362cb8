# Lesson snippets in the Wagtail admin, grouped in one menu:
# https://docs.wagtail.org/en/stable/topics/snippets/registering.html
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lessons.models import CurriculumPoint, GlossaryTerm, Topic


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    menu_label = _("Glossary")
    list_display = ["term", "slug", "locale", "live"]
    list_filter = ["locale", "live"]
    search_fields = ["term", "definition"]
    ordering = ["term"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


class CurriculumPointViewSet(SnippetViewSet):
    model = CurriculumPoint
    icon = "list-ul"
    menu_label = _("Core curriculum")
    list_display = ["code", "subject", "stage", "text"]
    list_filter = ["subject", "stage"]
    search_fields = ["code", "text"]


class LessonSnippets(SnippetViewSetGroup):
    items = (GlossaryTermViewSet, TopicViewSet, CurriculumPointViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Lesson content")
    menu_name = "lesson-content"


register_snippet(LessonSnippets)
