"""The starter curriculum: its files follow the content format, and the loader puts
it on the site once however often it runs."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from lessons.blocks import LessonBodyBlock
from lessons.demo_content import CONTENT_DIR, ContentError, read_content
from lessons.models import (
    CurriculumPoint,
    GlossaryTerm,
    HomePage,
    LessonPage,
    Topic,
)
from simulations.voting.presets import PRESETS

LESSON_FILES = sorted((CONTENT_DIR / "lessons").glob("*.json"))
LESSONS = [(path.name, json.loads(path.read_text("utf-8"))) for path in LESSON_FILES]
GLOSSARY = json.loads((CONTENT_DIR / "glossary.json").read_text("utf-8"))
TOPICS = json.loads((CONTENT_DIR / "topics.json").read_text("utf-8"))
CURRICULUM = json.loads((CONTENT_DIR / "curriculum.json").read_text("utf-8"))


def blocks(lesson: dict):
    for code, translation in lesson["translations"].items():
        for block in translation["body"]:
            yield code, block


# The files ----------------------------------------------------------------------


def test_the_demo_content_passes_the_loaders_format_check():
    content = read_content()

    assert len(content.lessons) == len(LESSON_FILES)


def test_the_starter_curriculum_has_twelve_lessons_three_of_them_in_every_language():
    translated = [
        name for name, lesson in LESSONS if {"uk", "en"} <= set(lesson["translations"])
    ]

    assert len(LESSONS) >= 12
    assert len(translated) >= 3


def test_every_block_is_a_block_of_the_lesson_body():
    known = set(LessonBodyBlock.base_blocks)

    for name, lesson in LESSONS:
        for code, block in blocks(lesson):
            assert block["type"] in known, (name, code, block["type"])


def test_every_key_term_is_in_the_glossary_in_the_lessons_language():
    for name, lesson in LESSONS:
        for code, block in blocks(lesson):
            if block["type"] == "key_term":
                assert code in GLOSSARY.get(block["value"], {}), (name, block)


def test_every_topic_and_curriculum_point_a_lesson_names_is_defined():
    for name, lesson in LESSONS:
        assert set(lesson["topics"]) <= set(TOPICS), name
        assert set(lesson["curriculum_points"]) <= set(CURRICULUM), name


def test_every_image_a_lesson_shows_exists_and_is_listed_in_sources():
    sources = (CONTENT_DIR / "images" / "SOURCES.md").read_text("utf-8")
    for name, lesson in LESSONS:
        shown = {lesson["hero_image"]} | {
            block["value"]["image"]
            for _code, block in blocks(lesson)
            if block["type"] == "image"
        }
        for image in shown:
            assert (CONTENT_DIR / "images" / image).is_file(), (name, image)
            assert f"`{image}`" in sources, image


def test_every_lesson_has_what_a_45_minute_lesson_needs():
    for name, lesson in LESSONS:
        assert lesson["duration_minutes"] == 45, name
        for code, translation in lesson["translations"].items():
            types = [block["type"] for block in translation["body"]]
            assert 3 <= len(translation["learning_objectives"]) <= 5, (name, code)
            assert 8 <= len(types) <= 15, (name, code)
            assert "activity" in types, (name, code)
            assert types.count("discussion_question") >= 2, (name, code)
            assert "key_term" in types, (name, code)
            assert "teacher_notes" in types, (name, code)


def test_election_rules_blocks_name_real_presets_and_the_sejm_lesson_has_one():
    presets = {
        block["value"]["preset"]
        for _name, lesson in LESSONS
        for _code, block in blocks(lesson)
        if block["type"] == "election_preset"
    }

    assert "sejm" in presets
    assert presets <= set(PRESETS)


def test_the_glossary_has_25_terms_and_topics_are_in_three_languages():
    assert len(GLOSSARY) >= 25
    for key, names in TOPICS.items():
        assert set(names) == {"pl", "uk", "en"}, key


def test_malformed_content_is_reported_with_its_file_and_key(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content, ignore=shutil.ignore_patterns("*.py*"))
    path = content / "lessons" / LESSON_FILES[0].name
    lesson = json.loads(path.read_text("utf-8"))
    lesson["translations"]["pl"]["body"][2] = {"type": "key_term", "value": "nope"}
    lesson["hero_image"] = "missing.svg"
    path.write_text(json.dumps(lesson), "utf-8")

    with pytest.raises(ContentError) as error:
        call_command("load_demo_lessons", content=content, stdout=io.StringIO())

    message = str(error.value)
    assert f"lessons/{path.name}: translations.pl.body[2].value: 'nope'" in message
    assert f"lessons/{path.name}: hero_image: no file images/missing.svg" in message


# Loading ------------------------------------------------------------------------


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "lessons": LessonPage.objects.count(),
        "terms": GlossaryTerm.objects.count(),
        "topics": Topic.objects.count(),
        "points": CurriculumPoint.objects.count(),
        "images": get_image_model().objects.count(),
        "revisions": Revision.objects.count(),
    }


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_demo_lessons", stdout=out, **options)
    return out.getvalue()


@pytest.mark.slow
@pytest.mark.django_db
def test_loading_twice_changes_nothing_the_second_time():
    first = load()
    after_first = counts()
    second = load()

    assert counts() == after_first
    translated = sum(1 for _n, lesson in LESSONS if len(lesson["translations"]) > 1)
    assert after_first["lessons"] == len(LESSONS) + 2 * translated
    assert after_first["images"] == len(list((CONTENT_DIR / "images").glob("*.svg")))
    assert first == second
    assert first.startswith(f"{len(LESSONS)} lessons, {translated} translated into uk")
    assert f"{len(GLOSSARY)} glossary terms" in first


@pytest.mark.slow
@pytest.mark.django_db
def test_loading_an_edited_file_republishes_only_the_edited_lesson(tmp_path):
    load()
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content, ignore=shutil.ignore_patterns("*.py*"))
    path = content / "lessons" / LESSON_FILES[0].name
    lesson = json.loads(path.read_text("utf-8"))
    lesson["translations"]["pl"]["title"] = "Demokracja, czyli władza ludu"
    path.write_text(json.dumps(lesson), "utf-8")

    report = load(content=content, verbosity=2)

    assert "lessons: 1 updated, " in report
    page = LessonPage.objects.get(slug=lesson["slug"], locale__language_code="pl")
    assert page.title == "Demokracja, czyli władza ludu"
    assert page.live
    assert not page.has_unpublished_changes


@pytest.mark.slow
@pytest.mark.django_db
def test_loaded_translations_are_published_and_share_the_originals_key():
    load()
    original = LessonPage.objects.get(
        slug="co-to-jest-demokracja", locale__language_code="pl"
    )
    translations = original.get_translations().live()
    term = GlossaryTerm.objects.get(slug="democracy", locale__language_code="pl")

    assert sorted(page.locale.language_code for page in translations) == ["en", "uk"]
    assert all(
        page.translation_key == original.translation_key for page in translations
    )
    assert {
        t.locale.language_code for t in term.get_translations().filter(live=True)
    } == {
        "uk",
        "en",
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_loading_makes_the_home_page_the_site_root_in_place_of_wagtails_welcome():
    welcome = Page.get_first_root_node().add_child(
        instance=Page(title="Welcome to your new Wagtail site!", slug="welcome")
    )
    Site.objects.filter(is_default_site=True).update(root_page=welcome)

    load()

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    assert site.root_page.locale.language_code == "pl"
    assert not Page.objects.filter(pk=welcome.pk).exists()


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "key_term", "teacher_note"),
    [
        ("pl", "Ustrój, w którym władza należy do obywateli", "Plan lekcji (45 min)"),
        ("uk", "Устрій, за якого влада належить громадянам", "План уроку (45 хв)"),
    ],
)
def test_a_loaded_lesson_shows_its_key_terms_and_hides_teacher_notes_from_visitors(
    client, language, key_term, teacher_note
):
    load()
    page = LessonPage.objects.get(
        slug="co-to-jest-demokracja", locale__language_code=language
    )

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert page.title in html
    assert key_term in html
    assert teacher_note not in html
