"""The Polish and Ukrainian catalogues are complete, compiled, and used by the pages.

The .po files are read with a small parser here (msgctxt, msgid, msgid_plural,
msgstr and msgstr[n], flags), so checking them needs no gettext tools. The compiled
.mo files are committed; they must hold exactly what the .po files say.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TRANSLATED = ["pl", "uk"]
ALL_LANGUAGES = ["pl", "uk", "en"]

# Home page heading (templates/home.html), as the catalogues translate it.
HOME_HEADING = {
    "pl": "Edukacja obywatelska, w której uczestniczy cała klasa",
    "uk": "Громадянська освіта, у якій бере участь увесь клас",
    "en": "Civic education your class can take part in",
}

PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.msgstr_plural[n] for n in sorted(self.msgstr_plural)]

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"{where}: expected a quoted string, got {text!r}")
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file, header first; obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    entry: Entry | None = None
    flags: set[str] = set()
    target: tuple[str, int | None] | None = None

    def finish():
        nonlocal entry
        if entry is not None:
            entries.append(entry)
        entry = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        where = f"{path.name}:{number}"
        if not line:
            continue
        if line.startswith("#~"):
            flags = set()  # the flags belonged to the obsolete entry
            continue
        if line.startswith("#,"):
            finish()
            flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            finish()
            continue
        if line.startswith('"'):
            if entry is None or target is None:
                raise ValueError(f"{where}: continuation line outside an entry")
            _append(entry, target, _unquote(line, where))
            continue
        keyword, _, rest = line.partition(" ")
        plural_index = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        after_context = entry is not None and target == ("msgctxt", None)
        if keyword == "msgctxt" or (keyword == "msgid" and not after_context):
            finish()
            entry = Entry(flags=flags, line=number)
            flags = set()
        if entry is None:
            raise ValueError(f"{where}: {keyword} before msgid")
        if keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            target = (keyword, None)
        elif plural_index:
            target = ("msgstr", int(plural_index.group(1)))
        else:
            raise ValueError(f"{where}: unknown keyword {keyword!r}")
        _set(entry, target, _unquote(rest, where))
    finish()
    return entries


def _set(entry: Entry, target: tuple[str, int | None], value: str) -> None:
    name, index = target
    if index is not None:
        entry.msgstr_plural[index] = value
    else:
        setattr(entry, name, value)


def _append(entry: Entry, target: tuple[str, int | None], value: str) -> None:
    name, index = target
    if index is not None:
        entry.msgstr_plural[index] += value
    else:
        setattr(entry, name, getattr(entry, name) + value)


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def po_path(language: str) -> Path:
    return locale_dir() / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return locale_dir() / language / "LC_MESSAGES" / "django.mo"


def messages(language: str) -> list[Entry]:
    return [entry for entry in parse_po(po_path(language)) if not entry.is_header]


def header(language: str) -> dict[str, str]:
    first = parse_po(po_path(language))[0]
    assert first.is_header, "the catalogue starts with its header"
    return dict(
        line.split(": ", 1) for line in first.msgstr.splitlines() if ": " in line
    )


def placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


# The parser itself --------------------------------------------------------------


def test_the_parser_reads_flags_context_plurals_and_continuation_lines(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: pl\\n"\n\n'
        "#: a.py:1\n#, fuzzy, python-format\n"
        'msgctxt "verb"\nmsgid "Move %(name)s"\nmsgstr "Przenie\u015b"\n"'
        ' %(name)s"\n\n'
        'msgid "One \\"pupil\\""\nmsgid_plural "%(count)d pupils"\n'
        'msgstr[0] "Jeden"\nmsgstr[1] "%(count)d"\nmsgstr[2] ""\n\n'
        '#~ msgid "Old"\n#~ msgstr "Stary"\n',
        encoding="utf-8",
    )

    header_entry, moved, counted = parse_po(po)

    assert header_entry.is_header
    assert header_entry.msgstr == "Language: pl\n"
    assert moved.msgctxt == "verb"
    assert moved.msgstr == "Przenie\u015b %(name)s"
    assert moved.flags == {"fuzzy", "python-format"}
    assert counted.msgid == 'One "pupil"'
    assert counted.msgid_plural == "%(count)d pupils"
    assert counted.translations == ["Jeden", "%(count)d", ""]
    assert counted.flags == set()


# Catalogues ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_every_offered_language_has_a_catalogue_and_a_compiled_one(language):
    assert po_path(language).is_file()
    assert mo_path(language).is_file()
    assert header(language)["Language"] == language


def test_every_catalogue_holds_the_same_messages():
    def keys(language):
        return {(e.msgctxt, e.msgid, e.msgid_plural) for e in messages(language)}

    english = keys("en")
    assert english, "the catalogues are extracted"
    for language in TRANSLATED:
        assert keys(language) == english, language


def test_english_is_the_source_language_so_its_catalogue_stays_empty():
    filled = [str(e) for e in messages("en") if any(e.translations)]
    assert filled == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_header_is_final_utf8_with_three_plural_forms(language):
    entries = parse_po(po_path(language))
    fields = header(language)
    assert "fuzzy" not in entries[0].flags
    assert "charset=UTF-8" in fields["Content-Type"]
    plural_forms = fields["Plural-Forms"]
    assert re.match(r"nplurals=3; plural=", plural_forms)


@pytest.mark.parametrize(
    ("language", "forms"),
    [
        # n: index of the form; Polish: 1 uczeń, 2 uczniów... / 22 dni, 5 dni, 12 dni.
        ("pl", {0: 2, 1: 0, 2: 1, 4: 1, 5: 2, 11: 2, 12: 2, 21: 2, 22: 1, 112: 2}),
        # Ukrainian: 1/21 учень, 2/22 учні, 5/11/12 учнів.
        ("uk", {0: 2, 1: 0, 2: 1, 4: 1, 5: 2, 11: 2, 12: 2, 21: 0, 22: 1, 111: 2}),
    ],
)
def test_the_plural_rule_picks_the_right_form(language, forms):
    expression = header(language)["Plural-Forms"].split("plural=", 1)[1].rstrip(";")
    rule = gettext.c2py(expression)
    assert {n: rule(n) for n in forms} == forms


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = messages(language)
    assert entries
    fuzzy = [str(e) for e in entries if "fuzzy" in e.flags]
    empty = [str(e) for e in entries if not all(e.translations)]
    assert fuzzy == []
    assert empty == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_messages_fill_all_three_forms(language):
    wrong = [
        str(e)
        for e in messages(language)
        if e.msgid_plural is not None and sorted(e.msgstr_plural) != [0, 1, 2]
    ]
    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders_and_the_html_tags(language):
    wrong = []
    for entry in messages(language):
        expected = placeholders(entry.msgid)
        known = set(expected) | set(placeholders(entry.msgid_plural or ""))
        tags = sorted(TAG.findall(entry.msgid))
        for text in entry.translations:
            found = placeholders(text)
            if not set(expected) <= set(found) or not set(found) <= known:
                wrong.append(f"{entry}: placeholders {found} for {expected}")
            if sorted(TAG.findall(text)) != tags:
                wrong.append(f"{entry}: tags {TAG.findall(text)} for {tags}")
            if entry.msgid.endswith("\n") != text.endswith("\n"):
                wrong.append(f"{entry}: trailing newline differs")
    assert wrong == []


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_the_compiled_catalogue_matches_the_po_file(language):
    with mo_path(language).open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog
    translated = [e for e in messages(language) if all(e.translations)]

    compiled = {key[0] if isinstance(key, tuple) else key for key in catalogue} - {""}
    assert len(compiled) == len(translated)
    stale = []
    for entry in translated:
        key = (
            entry.msgid
            if entry.msgctxt is None
            else f"{entry.msgctxt}\x04{entry.msgid}"
        )
        if entry.msgid_plural is None:
            if catalogue.get(key) != entry.msgstr:
                stale.append(str(entry))
        elif [catalogue.get((key, n)) for n in range(3)] != entry.translations:
            stale.append(str(entry))
    assert stale == [], "run compilemessages after editing the .po files"


# Pages --------------------------------------------------------------------------


def assert_page_in(response, language: str, heading: str, english: str) -> None:
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in page
    assert f"<h1>{heading}</h1>" in page
    if language != "en":
        assert english not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "cookie", "language"),
    [
        ("/", None, "pl"),  # the default language
        ("/", "uk", "uk"),  # chosen with the language switcher
        ("/", "en", "en"),
        ("/uk/", None, "uk"),  # the address of the Ukrainian page tree
    ],
)
def test_the_home_page_is_shown_in_the_chosen_language(client, path, cookie, language):
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    response = client.get(path)

    assert_page_in(response, language, HOME_HEADING[language], HOME_HEADING["en"])


SIGNIN_HEADING = {
    "pl": "Zaloguj się swoim kodem",
    "uk": "Увійди за своїм кодом",
    "en": "Sign in with your code",
}


@pytest.mark.django_db
@pytest.mark.parametrize(("cookie", "language"), [(None, "pl"), ("uk", "uk")])
def test_the_pupil_sign_in_page_follows_the_language_cookie(client, cookie, language):
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    response = client.get(reverse("pupil_signin"))

    assert_page_in(response, language, SIGNIN_HEADING[language], SIGNIN_HEADING["en"])
