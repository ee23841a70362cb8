"""Language from the address for the page trees, from the visitor's choice elsewhere.

The lessons are served per locale under ``i18n_patterns`` without a prefix for the
default language (pl at "/", uk at "/uk/", en at "/en/"). Django's LocaleMiddleware
then treats every unprefixed address as Polish, which would also pin the staff and
pupil pages, whose language comes from the language switcher (a cookie) or the
browser. This subclass keeps the visitor's choice outside ``i18n_patterns``; inside,
a prefix decides, and an unprefixed address is Polish unless the visitor chose
another language with the switcher, in which case Wagtail serves that language's
tree (and the original, with a note, where a page is not translated).
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import LocalePrefixPattern, Resolver404, URLResolver, get_resolver
from django.utils import translation


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_request(self, request):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        path = request.path_info
        if translation.get_language_from_path(path):
            return super().process_request(request)
        if _in_language_patterns(path, urlconf):
            # Django resolves an unprefixed address only while the default
            # language is active; the visitor's choice takes over in process_view.
            request.chosen_language = _chosen_language(request)
            language = settings.LANGUAGE_CODE
        else:
            language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_view(self, request, view_func, view_args, view_kwargs):
        chosen = getattr(request, "chosen_language", None)
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return None


def _chosen_language(request) -> str | None:
    """Returns the language the visitor picked with the switcher, if any."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code and translation.check_for_language(code):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            return None
    return None


def _in_language_patterns(path: str, urlconf) -> bool:
    """Returns whether the unprefixed ``path`` is served by a pattern inside
    ``i18n_patterns``."""
    used, _prefixed = is_language_prefix_patterns_used(urlconf)
    if not used:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = get_resolver(urlconf).resolve(path)
        except Resolver404:
            return False
    return (match.namespace, match.url_name) in _language_pattern_names(urlconf)


@cache
def _language_pattern_names(urlconf) -> frozenset[tuple[str, str | None]]:
    names = set()
    for pattern in get_resolver(urlconf).url_patterns:
        if isinstance(pattern, URLResolver) and isinstance(
            pattern.pattern, LocalePrefixPattern
        ):
            names |= set(_names(pattern.url_patterns, ""))
    return frozenset(names)


def _names(patterns, namespace):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            full = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from _names(pattern.url_patterns, full)
        else:
            yield (namespace, pattern.name)
