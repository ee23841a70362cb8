"""A lesson page, for the screen or for print."""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import SimpleLazyObject

from lessons import i18n, selectors


def lesson_detail(request, page, *, printable: bool = False):
    """Renders the lesson for its audience: teacher notes only for staff.

    The body is cached per lesson version, glossary state, language, audience and
    print mode (see ``lessons/lesson_page.html``), never for previews, whose draft
    shares the revision of what is published.
    """
    notes = selectors.sees_teacher_notes(request.user)
    return page.render(
        request,
        template="lessons/lesson_print.html" if printable else None,
        context_overrides={
            "printable": printable,
            "show_teacher_notes": notes,
            "audience": "staff" if notes else "public",
            "translations": i18n.translations_of(page),
            "topics": selectors.topics_of(page),
            "missing_translation": i18n.missing_translation_note(page),
            "can_assign": selectors.can_assign(request.user),
            # Only evaluated when the body is rendered, not on a cache hit.
            "glossary": SimpleLazyObject(lambda: selectors.glossary_for(page)),
            "embeds": SimpleLazyObject(lambda: selectors.embeds_for(page)),
            "cache_body": not getattr(request, "is_preview", False),
            "body_version": _body_version(page),
            "language": translation.get_language(),
            "lesson_url": i18n.url_in_language(page, translation.get_language()),
        },
    )


def _body_version(page) -> str:
    published = page.last_published_at.timestamp() if page.last_published_at else 0
    return f"{page.latest_revision_id}-{published}-{selectors.glossary_stamp()}"
