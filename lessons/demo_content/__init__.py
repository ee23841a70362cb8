"""The demo lessons kept as data, and their format.

``lessons/demo_content/`` holds one JSON file per lesson in ``lessons/``, the
topics, glossary and core-curriculum points they refer to, and the images they
show (see ``images/SOURCES.md``). :func:`read_content` reads it all and checks it
against the format before anything uses it; ``manage.py load_demo_lessons`` loads
it into the database.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError

from lessons.blocks import Grouping, LessonBodyBlock
from lessons.models import GradeBand, Stage, Subject
from lessons.setup import DEFAULT_LANGUAGE as ORIGINAL
from lessons.setup import LANGUAGES
from simulations.voting.presets import PRESETS

CONTENT_DIR = Path(__file__).resolve().parent
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Blocks of LessonPage.body that demo content cannot hold, and why.
UNSUPPORTED = {
    "video": "embeds need the network",
    "worksheet": "worksheets need an uploaded document",
}
LESSON_KEYS = (
    "slug",
    "grade_band",
    "duration_minutes",
    "topics",
    "curriculum_points",
    "hero_image",
    "translations",
)
TRANSLATION_KEYS = ("title", "summary", "hero_image_alt", "learning_objectives", "body")


class ContentError(CommandError):
    """The demo content is malformed; the message lists every problem found."""


@dataclass
class Content:
    root: Path
    topics: dict
    glossary: dict
    curriculum: dict
    lessons: list[tuple[str, dict]]  # (file name, lesson)

    def image_path(self, name: str) -> Path:
        return self.root / "images" / name


def read_content(root: Path = CONTENT_DIR) -> Content:
    """Returns the demo content in ``root``, checked against the format.

    Raises :class:`ContentError` listing each problem as ``file: key: problem``.
    """
    problems: list[str] = []
    content = Content(
        root=root,
        topics=_read_json(root, "topics.json", problems),
        glossary=_read_json(root, "glossary.json", problems),
        curriculum=_read_json(root, "curriculum.json", problems),
        lessons=[
            (path.name, _read_json(root, f"lessons/{path.name}", problems))
            for path in sorted((root / "lessons").glob("*.json"))
        ],
    )
    if not problems:
        _Checker(content, problems).check()
    if problems:
        raise ContentError("Malformed demo content:\n  " + "\n  ".join(problems))
    return content


def _read_json(root: Path, name: str, problems: list[str]) -> dict:
    """Returns the JSON object in ``root / name`` ({} after noting a problem)."""
    try:
        data = json.loads((root / name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{name}: the file is missing")
        return {}
    except json.JSONDecodeError as error:
        problems.append(f"{name}: not valid JSON ({error})")
        return {}
    if not isinstance(data, dict):
        problems.append(f"{name}: expected a JSON object")
        return {}
    return data


class _Checker:
    """Appends a ``file: key: problem`` line for everything that breaks the format."""

    def __init__(self, content: Content, problems: list[str]):
        self.content = content
        self.problems = problems

    def fail(self, where: str, problem: str) -> None:
        self.problems.append(f"{where}: {problem}")

    def text(self, where: str, value, *, limit: int | None = None) -> bool:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "expected non-empty text")
            return False
        if limit is not None and len(value) > limit:
            self.fail(where, f"longer than {limit} characters")
        return True

    def check(self) -> None:
        self.check_topics()
        self.check_glossary()
        self.check_curriculum()
        if not self.content.lessons:
            self.fail("lessons/", "no lesson files")
        slugs = Counter(lesson.get("slug") for _name, lesson in self.content.lessons)
        for name, lesson in self.content.lessons:
            _LessonChecker(self, f"lessons/{name}", lesson).check()
            if slugs[lesson.get("slug")] > 1:
                self.fail(f"lessons/{name}: slug", "used by another lesson too")

    def check_topics(self) -> None:
        def name(where, value):
            self.text(where, value, limit=100)

        for key, names in self.content.topics.items():
            self.check_languages(f"topics.json: {key}", key, names, name)

    def check_glossary(self) -> None:
        def entry(where, value):
            if not isinstance(value, dict):
                return self.fail(where, "expected {term, definition}")
            self.text(f"{where}.term", value.get("term"), limit=120)
            self.text(f"{where}.definition", value.get("definition"))

        for key, languages in self.content.glossary.items():
            self.check_languages(f"glossary.json: {key}", key, languages, entry)

    def check_languages(self, where, key, languages, check_value) -> None:
        if not SLUG.match(key):
            self.fail(where, "the key must be a slug (lowercase, digits, hyphens)")
        if not isinstance(languages, dict) or ORIGINAL not in languages:
            return self.fail(where, f"expected an object with at least {ORIGINAL!r}")
        for code, value in languages.items():
            if code not in LANGUAGES:
                self.fail(f"{where}.{code}", f"unknown language (use {LANGUAGES})")
            else:
                check_value(f"{where}.{code}", value)

    def check_curriculum(self) -> None:
        for key, point in self.content.curriculum.items():
            where = f"curriculum.json: {key}"
            if not isinstance(point, dict):
                self.fail(where, "expected {subject, stage, code, text}")
                continue
            if point.get("subject") not in Subject.values:
                self.fail(f"{where}.subject", f"expected one of {Subject.values}")
            if point.get("stage") not in Stage.values:
                self.fail(f"{where}.stage", f"expected one of {Stage.values}")
            self.text(f"{where}.code", point.get("code"), limit=30)
            self.text(f"{where}.text", point.get("text"))


class _LessonChecker:
    """Checks one lesson file; ``where`` is its path inside the content folder."""

    def __init__(self, checker: _Checker, where: str, lesson: dict):
        self.checker = checker
        self.content = checker.content
        self.where = where
        self.lesson = lesson

    def fail(self, key: str, problem: str) -> None:
        self.checker.fail(f"{self.where}: {key}", problem)

    def text(self, key: str, value, *, limit: int | None = None) -> bool:
        return self.checker.text(f"{self.where}: {key}", value, limit=limit)

    def check(self) -> None:
        lesson = self.lesson
        for unknown in sorted(set(lesson) - set(LESSON_KEYS)):
            self.fail(unknown, "unknown key")
        if not isinstance(lesson.get("slug"), str) or not SLUG.match(lesson["slug"]):
            self.fail("slug", "expected a slug (lowercase, digits, hyphens)")
        if lesson.get("grade_band") not in GradeBand.values:
            self.fail("grade_band", f"expected one of {GradeBand.values}")
        minutes = lesson.get("duration_minutes")
        if not isinstance(minutes, int) or not 5 <= minutes <= 360:
            self.fail("duration_minutes", "expected a whole number from 5 to 360")
        self.check_keys("topics", self.content.topics)
        self.check_keys("curriculum_points", self.content.curriculum)
        self.check_image("hero_image", lesson.get("hero_image"))
        translations = lesson.get("translations")
        if not isinstance(translations, dict) or ORIGINAL not in translations:
            return self.fail("translations", f"expected at least {ORIGINAL!r}")
        for code, translation in translations.items():
            if code not in LANGUAGES:
                self.fail(f"translations.{code}", "unknown language")
            else:
                self.check_translation(f"translations.{code}", code, translation)

    def check_keys(self, key: str, defined: dict) -> None:
        values = self.lesson.get(key, [])
        if not isinstance(values, list):
            return self.fail(key, "expected a list")
        for value in values:
            if value not in defined:
                self.fail(key, f"{value!r} is not defined")

    def check_image(self, key: str, name) -> None:
        if self.text(key, name) and not self.content.image_path(name).is_file():
            self.fail(key, f"no file images/{name}")

    def check_translation(self, key: str, code: str, translation) -> None:
        if not isinstance(translation, dict):
            return self.fail(key, "expected an object")
        for missing in sorted(set(TRANSLATION_KEYS) - set(translation)):
            self.fail(f"{key}.{missing}", "missing")
        for unknown in sorted(set(translation) - set(TRANSLATION_KEYS)):
            self.fail(f"{key}.{unknown}", "unknown key")
        self.text(f"{key}.title", translation.get("title"), limit=255)
        self.text(f"{key}.summary", translation.get("summary"), limit=500)
        self.text(f"{key}.hero_image_alt", translation.get("hero_image_alt"), limit=250)
        objectives = translation.get("learning_objectives", [])
        if not isinstance(objectives, list):
            self.fail(f"{key}.learning_objectives", "expected a list")
            objectives = []
        for number, objective in enumerate(objectives):
            self.text(f"{key}.learning_objectives[{number}]", objective, limit=250)
        body = translation.get("body", [])
        if not isinstance(body, list) or not body:
            return self.fail(f"{key}.body", "expected a non-empty list of blocks")
        for number, block in enumerate(body):
            self.check_block(f"{key}.body[{number}]", code, block)

    def check_block(self, key: str, code: str, block) -> None:
        if not isinstance(block, dict) or set(block) != {"type", "value"}:
            return self.fail(key, 'expected {"type": ..., "value": ...}')
        kind = block["type"]
        if kind in UNSUPPORTED:
            return self.fail(
                f"{key}.type", f"{kind!r} is not for demo content ({UNSUPPORTED[kind]})"
            )
        if kind not in LessonBodyBlock.base_blocks or kind not in BLOCK_CHECKS:
            return self.fail(f"{key}.type", f"unknown block type {kind!r}")
        getattr(self, BLOCK_CHECKS[kind])(f"{key}.value", code, block["value"])

    def check_text_block(self, key, code, value) -> None:
        self.text(key, value)

    def check_key_term(self, key, code, value) -> None:
        entry = self.content.glossary.get(value) if isinstance(value, str) else None
        if entry is None:
            self.fail(key, f"{value!r} is not in glossary.json")
        elif code not in entry:
            self.fail(key, f"glossary.json has no {code!r} entry for {value!r}")

    def check_fields(self, key, value, texts, optional=(), others=()) -> bool:
        """Checks an object's required ``texts``, ``optional`` texts and that it
        has no field outside those and ``others``; returns whether it is one."""
        if not isinstance(value, dict):
            self.fail(key, f"expected an object with {', '.join(texts + others)}")
            return False
        for name in texts:
            self.text(f"{key}.{name}", value.get(name))
        for name in optional:
            if name in value and not isinstance(value[name], str):
                self.fail(f"{key}.{name}", "expected text")
        for name in sorted(set(value) - set(texts) - set(optional) - set(others)):
            self.fail(f"{key}.{name}", "unknown field")
        return True

    def check_figure(self, key, code, value) -> None:
        if self.check_fields(key, value, ("image", "alt_text"), ("caption",)):
            self.check_image(f"{key}.image", value.get("image"))

    def check_activity(self, key, code, value) -> None:
        lists = ("steps", "materials")
        if not self.check_fields(
            key, value, ("title",), (), (*lists, "minutes", "grouping")
        ):
            return
        for name in lists:
            items = value.get(name)
            if not isinstance(items, list) or (name == "steps" and not items):
                self.fail(f"{key}.{name}", "expected a list of texts")
                continue
            for number, item in enumerate(items):
                self.text(f"{key}.{name}[{number}]", item)
        minutes = value.get("minutes")
        if not isinstance(minutes, int) or not 1 <= minutes <= 240:
            self.fail(f"{key}.minutes", "expected a whole number from 1 to 240")
        if value.get("grouping") not in GROUPINGS:
            self.fail(f"{key}.grouping", f"expected one of {GROUPINGS}")

    def check_discussion_question(self, key, code, value) -> None:
        self.check_fields(key, value, ("question",), ("hint",))

    def check_quote(self, key, code, value) -> None:
        self.check_fields(key, value, ("text", "attribution"), ("source",))

    def check_election_preset(self, key, code, value) -> None:
        known = self.check_fields(key, value, (), ("intro",), ("preset",))
        if known and value.get("preset") not in PRESETS:
            self.fail(f"{key}.preset", f"expected one of {sorted(PRESETS)}")


BLOCK_CHECKS = {
    "heading": "check_text_block",
    "paragraph": "check_text_block",
    "teacher_notes": "check_text_block",
    "image": "check_figure",
    "key_term": "check_key_term",
    "activity": "check_activity",
    "discussion_question": "check_discussion_question",
    "quote": "check_quote",
    "election_preset": "check_election_preset",
}
GROUPINGS = [value for value, _label in Grouping.choices]
