"""Searching lessons and the glossary (Wagtail search: PostgreSQL full text on
PostgreSQL, the database backend's own matching elsewhere)."""

from __future__ import annotations

from django.core.paginator import Paginator
from wagtail.models import Locale

from lessons import selectors
from lessons.forms import LessonFilterForm

PER_PAGE = 20


def lesson_search(request, index):
    topics = selectors.topics_in(index.locale)
    form = LessonFilterForm(
        request.GET or None,
        topics=topics,
        points=selectors.curriculum_points(),
        initial={"language": index.locale.language_code},
    )
    searched = form.is_bound and form.is_valid()
    context = {
        "form": form,
        "searched": searched,
    }
    if searched:
        context.update(_results(request, form, index))
    return index.render(
        request, template="lessons/search.html", context_overrides=context
    )


def _results(request, form, index) -> dict:
    query = form.cleaned_data["q"].strip()
    code = form.cleaned_data["language"] or index.locale.language_code
    locale = Locale.objects.filter(language_code=code).first() or index.locale
    lessons = selectors.search_lessons(
        query=query, locale=locale, filters=form.filters()
    )
    page = Paginator(lessons, PER_PAGE).get_page(request.GET.get("page"))
    terms = selectors.search_glossary(query=query, locale=locale)
    return {
        "query": query,
        "results": page,
        "lesson_count": len(lessons),
        "terms": terms,
        "result_language": code,
        "query_string": _without_page(request),
    }


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
