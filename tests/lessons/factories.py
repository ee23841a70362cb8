"""Lessons, glossary terms and media for tests, built as an editor would: pages
added under the lessons index and published from a revision."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Locale

from lessons.models import (
    CurriculumPoint,
    GlossaryTerm,
    LessonIndexPage,
    LessonPage,
    Topic,
)

VIDEO_URL = "https://www.youtube.com/watch?v=7MTx2nX8tEQ"
TEACHER_NOTE = "Pupils often confuse the Sejm and the Senate."


def locale(code: str) -> Locale:
    return Locale.objects.get(language_code=code)


def lessons_index(language: str = "pl") -> LessonIndexPage:
    return LessonIndexPage.objects.get(locale__language_code=language)


def make_image(title: str = "Ballot box") -> object:
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "#0b4f8a").save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name="box.png")
    )


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" '
    b'viewBox="0 0 120 80"><rect width="120" height="80" fill="#0b4f8a"/></svg>'
)


def make_svg_image(title: str = "Diagram") -> object:
    return get_image_model().objects.create(
        title=title, file=ContentFile(SVG, name="diagram.svg")
    )


def make_document(title: str = "Worksheet") -> object:
    content = b"%PDF-1.4\n" + b"x" * 2048
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(content, name="sheet.pdf"),
        file_size=len(content),
    )


def make_embed(url: str = VIDEO_URL) -> Embed:
    """A cached embed, so rendering a video needs no network."""
    return Embed.objects.create(
        url=url,
        hash=get_embed_hash(url),
        type="video",
        html='<iframe title="Video" src="https://www.youtube-nocookie.com/embed/x">'
        "</iframe>",
        title="How a law is made",
        provider_name="YouTube",
    )


def make_term(
    slug: str = "dhondt",
    term: str = "Metoda D'Hondta",
    definition: str = "Sposób dzielenia mandatów między listy według głosów.",
    *,
    language: str = "pl",
    of: GlossaryTerm | None = None,
    live: bool = True,
) -> GlossaryTerm:
    extra = {"translation_key": of.translation_key} if of is not None else {}
    glossary_term = GlossaryTerm(
        slug=slug,
        term=term,
        definition=definition,
        locale=locale(language),
        live=False,
        **extra,
    )
    glossary_term.save()
    if live:
        glossary_term.save_revision().publish()
    return glossary_term


def make_topic(slug="democracy", name="Demokracja", *, language="pl", of=None):
    extra = {"translation_key": of.translation_key} if of is not None else {}
    return Topic.objects.create(slug=slug, name=name, locale=locale(language), **extra)


def make_point(code="I.1", text="Uczeń wyjaśnia, czym jest demokracja."):
    return CurriculumPoint.objects.create(
        subject="wos", stage="primary", code=code, text=text
    )


def make_lesson(
    title: str = "Co to jest demokracja?",
    *,
    slug: str | None = None,
    body=None,
    language: str = "pl",
    grade_band: str = "primary_7_8",
    duration: int = 45,
    summary: str = "Lekcja o tym, jak obywatele decydują o wspólnych sprawach.",
    topics=(),
    points=(),
    objectives=("Uczeń wie, czym jest demokracja.",),
    publish: bool = True,
) -> LessonPage:
    lesson = LessonPage(
        title=title,
        slug=slug or None,
        summary=summary,
        grade_band=grade_band,
        duration_minutes=duration,
        learning_objectives=[("objective", text) for text in objectives],
        body=body if body is not None else simple_body(),
        locale=locale(language),
        live=False,
    )
    lessons_index(language).add_child(instance=lesson)
    lesson.topics.set(topics)
    lesson.curriculum_points.set(points)
    revision = lesson.save_revision()
    if publish:
        revision.publish()
    lesson.refresh_from_db()
    return lesson


def translate(lesson: LessonPage, language: str, *, title: str) -> LessonPage:
    """Copies the lesson into ``language``, as simple_translation does, and
    publishes the copy with a translated title."""
    copy = lesson.copy_for_translation(locale(language))
    copy.title = title
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def simple_body():
    return [
        ("heading", "Władza ludu"),
        ("paragraph", "<p>Demokracja to rządy ludu.</p>"),
        ("teacher_notes", f"<p>{TEACHER_NOTE}</p>"),
    ]


def every_block(*, image, document, term) -> list[tuple[str, object]]:
    """One block of every kind the lesson body offers."""
    return [
        ("heading", "Jak liczy się głosy"),
        ("paragraph", "<p>Głosy zamienia się w mandaty.</p>"),
        (
            "image",
            {
                "image": {"image": image, "decorative": False, "alt_text": "Urna"},
                "caption": "Urna wyborcza",
            },
        ),
        ("video", VIDEO_URL),
        ("key_term", term),
        (
            "activity",
            {
                "title": "Głosowanie w klasie",
                "steps": ["Zbierzcie propozycje.", "Zagłosujcie."],
                "minutes": 15,
                "materials": ["Karty do głosowania"],
                "grouping": "whole_class",
            },
        ),
        (
            "discussion_question",
            {"question": "Czy każdy głos jest równy?", "hint": "Pomyśl o progu."},
        ),
        (
            "quote",
            {
                "text": "Władza zwierzchnia należy do Narodu.",
                "attribution": "Konstytucja RP",
                "source": "art. 4",
            },
        ),
        (
            "worksheet",
            {
                "document": document,
                "title": "Karta pracy",
                "description": "Jedna dla każdego ucznia.",
            },
        ),
        ("election_preset", {"preset": "sejm", "intro": "Jak wybieramy posłów."}),
        ("teacher_notes", f"<p>{TEACHER_NOTE}</p>"),
    ]
