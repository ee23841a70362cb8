from __future__ import annotations

from django import template

from lessons import i18n, selectors

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``{{ mapping|lookup:key }}``: the value for ``key``, or None."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def file_extension(document) -> str:
    """Returns the file type of a document in capitals, e.g. "PDF"."""
    return (document.file_extension or "").upper()


@register.filter
def language_name(code: str) -> str:
    """Returns the name of a language in the active language."""
    return i18n.language_name(code)


@register.inclusion_tag("lessons/includes/classroom_lessons.html", takes_context=True)
def classroom_lessons(context, classroom):
    """The lessons assigned to a class, for its page (the class is already scoped
    to the user by the view)."""
    return {
        "classroom": classroom,
        "assignments": list(selectors.assignments_for_classroom(classroom)),
        "lessons_url": selectors.lesson_index_url(),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.inclusion_tag("lessons/includes/pupil_lessons.html", takes_context=True)
def pupil_lessons(context, pupil):
    """The lessons assigned to a pupil's class, in the class's language."""
    return {"assigned": selectors.assignments_for_pupil(pupil)}
