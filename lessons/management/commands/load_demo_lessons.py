"""Loads the starter curriculum kept as data in ``lessons/demo_content/``.

The content (lessons, topics, glossary, core-curriculum points, images) is read and
checked as a whole before anything is written, so a malformed file stops the load
with messages naming the file and the key. Loading is idempotent: objects are matched
on their keys (a lesson on slug and locale, a term or topic on slug and locale, a
curriculum point on subject, stage and code, an image on its title), and an object
whose content is unchanged is left alone, so a second run changes nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from django.apps import apps as django_apps
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.utils.file import hash_filelike

from lessons import setup
from lessons.demo_content import (
    CONTENT_DIR,
    LANGUAGES,
    ORIGINAL,
    Content,
    read_content,
)
from lessons.models import (
    CurriculumPoint,
    GlossaryTerm,
    HomePage,
    LessonIndexPage,
    LessonPage,
    Topic,
)

SVG_NS = "{http://www.w3.org/2000/svg}"


class Tally:
    """Counts what a load created, updated and left unchanged, per kind."""

    KINDS = ("images", "topics", "curriculum points", "glossary terms", "lessons")

    def __init__(self):
        self.counts: Counter = Counter()

    def add(self, kind: str, outcome: str) -> None:
        self.counts[kind, outcome] += 1

    def line(self, kind: str) -> str:
        parts = [
            f"{self.counts[kind, outcome]} {outcome}"
            for outcome in ("created", "updated", "unchanged")
            if self.counts[kind, outcome]
        ]
        return f"{kind}: {', '.join(parts) or 'none'}"


class Loader:
    """Writes checked :class:`Content` to the database; see the module docstring."""

    def __init__(self, content: Content):
        self.content = content
        self.tally = Tally()
        self.locales: dict[str, Locale] = {}
        self.images: dict[str, object] = {}
        self.topics: dict[tuple[str, str], Topic] = {}
        self.terms: dict[tuple[str, str], GlossaryTerm] = {}
        self.points: dict[str, CurriculumPoint] = {}

    def load(self) -> None:
        self.prepare_site()
        self.load_images()
        self.load_topics()
        self.load_curriculum()
        self.load_glossary()
        index = LessonIndexPage.objects.get(locale=self.locales[ORIGINAL])
        for _name, lesson in self.content.lessons:
            self.load_lesson(index, lesson)

    # Site, locales, images, snippets ----------------------------------------------

    def prepare_site(self) -> None:
        """Creates the locales and the page tree if missing, and makes the home page
        the default site's root in place of Wagtail's welcome page."""
        setup.ensure_locales(django_apps)
        setup.ensure_root_collection(django_apps)
        setup.ensure_page_tree(django_apps)
        self.locales = {
            code: Locale.objects.get(language_code=code) for code in LANGUAGES
        }
        home = HomePage.objects.get(locale=self.locales[ORIGINAL])
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", root_page=home, is_default_site=True
            )
        elif site.root_page_id != home.pk:
            welcome = site.root_page
            site.root_page = home
            site.save(update_fields=["root_page"])
            if welcome.specific_class is Page and not welcome.get_children().exists():
                welcome.delete()

    def load_images(self) -> None:
        names = {lesson["hero_image"] for _name, lesson in self.content.lessons}
        for _name, lesson in self.content.lessons:
            for translation in lesson["translations"].values():
                names |= {
                    block["value"]["image"]
                    for block in translation["body"]
                    if block["type"] == "image"
                }
        for name in sorted(names):
            self.images[name] = self.load_image(self.content.image_path(name))

    def load_image(self, path: Path):
        """Returns the Wagtail image for the SVG at ``path``, titled and described
        from its <title> and <desc>, replacing the file when it changed."""
        Image = get_image_model()
        title, description = svg_title_and_description(path)
        with path.open("rb") as source:
            file_hash = hash_filelike(source)
        image = Image.objects.filter(title=title).order_by("pk").first()
        if image is None:
            image, outcome = Image(title=title), "created"
        elif image.file_hash == file_hash and image.description == description:
            self.tally.add("images", "unchanged")
            return image
        else:
            outcome = "updated"
            image.renditions.all().delete()
            image.file.delete(save=False)
        with path.open("rb") as source:
            image.file = ImageFile(source, name=path.name)
            image.description = description
            image.file_size = path.stat().st_size
            image.file_hash = file_hash
            image.save()
        self.tally.add("images", outcome)
        return image

    def load_topics(self) -> None:
        for slug, names in self.content.topics.items():
            original = None
            for code in ordered(names):
                topic = self.upsert_translatable(
                    Topic, "topics", slug, code, original, {"name": names[code]}
                )
                original = original or topic
                self.topics[slug, code] = topic

    def load_curriculum(self) -> None:
        for key, data in self.content.curriculum.items():
            point, created = CurriculumPoint.objects.get_or_create(
                subject=data["subject"],
                stage=data["stage"],
                code=data["code"],
                defaults={"text": data["text"]},
            )
            outcome = "created" if created else "unchanged"
            if not created and point.text != data["text"]:
                point.text = data["text"]
                point.save(update_fields=["text"])
                outcome = "updated"
            self.tally.add("curriculum points", outcome)
            self.points[key] = point

    def load_glossary(self) -> None:
        for slug, languages in self.content.glossary.items():
            original = None
            for code in ordered(languages):
                term = self.upsert_translatable(
                    GlossaryTerm,
                    "glossary terms",
                    slug,
                    code,
                    original,
                    languages[code],
                )
                original = original or term
                self.terms[slug, code] = term

    def upsert_translatable(self, model, kind, slug, code, original, fields):
        """Returns the ``model`` object with ``slug`` in language ``code`` holding
        ``fields``, linked to ``original`` by its translation key when there is one
        and published when the model has drafts."""
        obj = model.objects.filter(slug=slug, locale=self.locales[code]).first()
        key = original.translation_key if original is not None else None
        drafts = hasattr(model, "save_revision")
        if obj is not None and (not drafts or is_current(obj)):
            wanted = {**fields, "translation_key": key or obj.translation_key}
            if all(getattr(obj, name) == value for name, value in wanted.items()):
                self.tally.add(kind, "unchanged")
                return obj
        outcome = "created" if obj is None else "updated"
        if obj is None:
            obj = model(slug=slug, locale=self.locales[code])
        for name, value in fields.items():
            setattr(obj, name, value)
        if key is not None:
            obj.translation_key = key
        obj.save()
        if drafts:
            obj.save_revision().publish()
        self.tally.add(kind, outcome)
        return obj

    # Lessons ------------------------------------------------------------------------

    def load_lesson(self, index: LessonIndexPage, lesson: dict) -> None:
        original = self.load_lesson_page(lesson, ORIGINAL, parent=index)
        for code in ordered(lesson["translations"]):
            if code != ORIGINAL:
                self.load_lesson_page(lesson, code, original=original)

    def load_lesson_page(self, lesson, code, *, parent=None, original=None):
        """Creates or updates the lesson's page in language ``code`` and publishes
        it when its content changed. A translation is made with Wagtail's
        ``copy_for_translation``, so it shares the original's translation key and
        sits under the lessons index of its language."""
        locale = self.locales[code]
        page = LessonPage.objects.filter(slug=lesson["slug"], locale=locale).first()
        fields = self.page_fields(lesson, code)
        if is_current(page) and page_content(page) == fields_content(fields):
            self.tally.add("lessons", "unchanged")
            return page
        outcome = "created" if page is None else "updated"
        if page is None and original is None:
            page = LessonPage(slug=lesson["slug"], locale=locale)
            set_fields(page, fields)
            parent.add_child(instance=page)
        else:
            if page is None:
                page = original.copy_for_translation(locale).specific
            set_fields(page, fields)
        page.save_revision().publish()
        self.tally.add("lessons", outcome)
        return page

    def page_fields(self, lesson: dict, code: str) -> dict:
        translation = lesson["translations"][code]
        return {
            "title": translation["title"],
            "summary": translation["summary"],
            "hero_image": self.images[lesson["hero_image"]],
            "hero_image_alt": translation["hero_image_alt"],
            "grade_band": lesson["grade_band"],
            "duration_minutes": lesson["duration_minutes"],
            # A topic not translated into ``code`` is shown in the original.
            "topics": [
                self.topics.get((slug, code)) or self.topics[slug, ORIGINAL]
                for slug in lesson["topics"]
            ],
            "curriculum_points": [
                self.points[key] for key in lesson["curriculum_points"]
            ],
            "learning_objectives": [
                {"type": "objective", "value": text}
                for text in translation["learning_objectives"]
            ],
            "body": [self.block(block, code) for block in translation["body"]],
        }

    def block(self, block: dict, code: str) -> dict:
        """Returns a content block in the stored shape of :mod:`lessons.blocks`."""
        kind, value = block["type"], block["value"]
        if kind == "key_term":
            value = self.terms[value, code].pk
        elif kind == "image":
            value = {
                "image": {
                    "image": self.images[value["image"]].pk,
                    "decorative": False,
                    "alt_text": value["alt_text"],
                },
                "caption": value.get("caption", ""),
            }
        return {"type": kind, "value": value}


STREAMS = ("learning_objectives", "body")
RELATIONS = ("topics", "curriculum_points")


def is_current(obj) -> bool:
    """Returns whether ``obj`` exists and its published version is its latest."""
    return obj is not None and obj.live and not obj.has_unpublished_changes


def set_fields(page: LessonPage, fields: dict) -> None:
    for name, value in fields.items():
        setattr(page, name, value)


def page_content(page: LessonPage) -> dict:
    """Returns what the loader writes to a lesson page, comparable with
    :func:`fields_content`."""
    content = {name: getattr(page, name) for name in LESSON_SCALARS}
    content["hero_image"] = page.hero_image_id
    for name in RELATIONS:
        content[name] = sorted(obj.pk for obj in getattr(page, name).all())
    for name in STREAMS:
        content[name] = stream_data(name, getattr(page, name))
    return content


def fields_content(fields: dict) -> dict:
    content = {name: fields[name] for name in LESSON_SCALARS}
    content["hero_image"] = fields["hero_image"].pk
    for name in RELATIONS:
        content[name] = sorted(obj.pk for obj in fields[name])
    for name in STREAMS:
        block = LessonPage._meta.get_field(name).stream_block
        content[name] = stream_data(name, block.to_python(fields[name]))
    return content


LESSON_SCALARS = (
    "title",
    "summary",
    "hero_image_alt",
    "grade_band",
    "duration_minutes",
)


def stream_data(name: str, value) -> list:
    """Returns a stream's stored JSON without the block ids Wagtail generates."""
    block = LessonPage._meta.get_field(name).stream_block
    return without_ids(block.get_prep_value(value))


def without_ids(data):
    if isinstance(data, dict):
        return {key: without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [without_ids(item) for item in data]
    return data


def ordered(languages) -> list[str]:
    """Returns the language codes present, the original first."""
    return [code for code in LANGUAGES if code in languages]


def svg_title_and_description(path: Path) -> tuple[str, str]:
    """Returns the text of an SVG's <title> and <desc> (the file name when it has
    no title)."""
    root = ET.parse(path).getroot()
    title = root.findtext(f"{SVG_NS}title") or path.stem
    description = root.findtext(f"{SVG_NS}desc") or ""
    return title.strip()[:255], description.strip()[:255]


# The command --------------------------------------------------------------------


class Command(BaseCommand):
    help = (
        "Loads the demo lessons, topics, glossary, curriculum points and images from "
        "lessons/demo_content/. Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--content",
            type=Path,
            default=CONTENT_DIR,
            help="Folder with the content (default: the bundled demo content).",
        )

    def handle(self, *args, content: Path, verbosity: int = 1, **options):
        data = read_content(content)
        loader = Loader(data)
        with transaction.atomic():
            loader.load()
        if verbosity >= 2:
            for kind in Tally.KINDS:
                self.stdout.write(loader.tally.line(kind))
        self.stdout.write(self.style.SUCCESS(summary(data)))


def summary(content: Content) -> str:
    """Returns e.g. "12 lessons, 3 translated into uk and en, 25 glossary terms"."""
    translated = Counter(
        code
        for _name, lesson in content.lessons
        for code in lesson["translations"]
        if code != ORIGINAL
    )
    counts = sorted(set(translated.values()))
    if len(counts) == 1:
        languages = " and ".join(code for code in LANGUAGES if code in translated)
        translations = f"{counts[0]} translated into {languages}"
    else:
        translations = ", ".join(
            f"{translated[code]} translated into {code}"
            for code in LANGUAGES
            if code in translated
        )
    parts = [f"{len(content.lessons)} lessons"]
    if translations:
        parts.append(translations)
    parts += [
        f"{len(content.glossary)} glossary terms",
        f"{len(content.topics)} topics",
        f"{len(content.curriculum)} curriculum points",
    ]
    return ", ".join(parts)
