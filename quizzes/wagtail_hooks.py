# The public quiz library in the Wagtail admin, as a snippet with its own menu item:
# https://docs.wagtail.org/en/stable/topics/snippets/registering.html
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from quizzes.models import LibraryQuiz


class LibraryQuizViewSet(SnippetViewSet):
    model = LibraryQuiz
    icon = "help"
    menu_label = _("Quiz library")
    menu_name = "quiz-library"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "locale", "live"]
    # Wagtail adds the locale filter (by language code) to translatable snippets
    # itself; naming "locale" here too would replace it with a filter by id.
    list_filter = ["live"]
    search_fields = ["title", "description"]
    ordering = ["title"]


register_snippet(LibraryQuizViewSet)
