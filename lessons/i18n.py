"""Addresses and names of a page's languages.

Each language has its own page tree under the site root: pl at "/", uk at "/uk/",
en at "/en/" (``i18n_patterns`` in the project's URLs).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

LANGUAGE_ORDER = [code for code, _name in settings.LANGUAGES]


def url_in_language(page: Page, language: str) -> str:
    """Returns the address of ``page`` in the tree of ``language``.

    For a page in that language it is the page's own address; for another, the
    same path under that language's prefix, where the lesson index serves the
    original with a note that it is not translated.
    """
    # url_path is "/<home slug>/<path in the tree>/"; the home page is the root.
    relative = page.url_path.split("/", 2)[2]
    with translation.override(language):
        return reverse("wagtail_serve", args=[relative])


def language_name(code: str) -> str:
    """Returns the language's name in the active language (e.g. "Polish")."""
    return translation.get_language_info(code)["name_translated"]


def local_name(code: str) -> str:
    """Returns the language's name in itself (e.g. "Polski")."""
    return translation.get_language_info(code)["name_local"]


def translations_of(page: Page) -> list[dict]:
    """Returns the page's live versions in every language, the page included, in
    the order of ``LANGUAGES``."""
    versions = page.get_translations(inclusive=True).live().select_related("locale")
    found = [
        {
            "code": version.locale.language_code,
            "name": local_name(version.locale.language_code),
            "url": url_in_language(version, version.locale.language_code),
            "current": version.pk == page.pk,
        }
        for version in versions
    ]
    return sorted(found, key=lambda item: LANGUAGE_ORDER.index(item["code"]))


def missing_translation_note(page: Page) -> dict | None:
    """Returns the languages for the note shown when the page is not in the
    visitor's language, or None when it is."""
    wanted = translation.get_language()
    shown = page.locale.language_code
    if wanted == shown:
        return None
    return {
        "wanted": language_name(wanted),
        "shown": language_name(shown),
        "code": shown,
    }
