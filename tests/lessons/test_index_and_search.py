"""Teachers find lessons by topic, grade, length and curriculum point, and by words
in the lessons and the glossary."""

import re

import pytest
from django.test import Client

from tests.lessons.factories import (
    TEACHER_NOTE,
    make_lesson,
    make_point,
    make_term,
    make_topic,
    translate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """A visitor of the Polish pages (the lessons are Polish)."""
    return Client()


def announced(page: str) -> int:
    """Returns the number of lessons the page's live region announces."""
    text = re.search(r'<p role="status"[^>]*>(.*?)</p>', page, re.S).group(1)
    return int(re.search(r"\d+", text).group())


@pytest.fixture
def catalogue():
    democracy = make_topic("democracy", "Demokracja")
    elections = make_topic("elections", "Wybory")
    point = make_point("I.2", "Uczeń opisuje zasady wyborów do Sejmu.")
    return {
        "democracy": make_lesson(
            title="Co to jest demokracja?",
            slug="demokracja",
            topics=[democracy],
            grade_band="primary_4_6",
            duration=30,
        ),
        "sejm": make_lesson(
            title="Jak wybieramy posłów",
            slug="sejm",
            topics=[elections, democracy],
            points=[point],
            grade_band="secondary",
            duration=90,
            body=[("paragraph", "<p>Metoda D'Hondta dzieli mandaty w okręgu.</p>")],
        ),
        "point": point,
    }


def lessons_on(page: str) -> list[str]:
    return [
        title
        for title in ("Co to jest demokracja?", "Jak wybieramy posłów")
        if title in page
    ]


def test_the_index_groups_lessons_by_topic(client, catalogue):
    page = client.get("/lessons/").content.decode()

    democracy = page.split(">Demokracja</h2>")[1].split("</section>")[0]
    elections = page.split(">Wybory</h2>")[1].split("</section>")[0]
    assert lessons_on(democracy) == ["Co to jest demokracja?", "Jak wybieramy posłów"]
    assert lessons_on(elections) == ["Jak wybieramy posłów"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("grade_band=secondary", ["Jak wybieramy posłów"]),
        ("topic=elections", ["Jak wybieramy posłów"]),
        ("duration=short", ["Co to jest demokracja?"]),
        ("duration=long", ["Jak wybieramy posłów"]),
        ("grade_band=primary_4_6&topic=elections", []),
    ],
)
def test_the_index_filters_narrow_the_lessons(client, catalogue, query, expected):
    page = client.get(f"/lessons/?{query}").content.decode()

    assert lessons_on(page.split('class="result-count"')[1]) == expected


def test_the_index_filters_by_curriculum_point(client, catalogue):
    page = client.get(f"/lessons/?curriculum_point={catalogue['point'].pk}")

    assert lessons_on(page.content.decode().split("result-count")[1]) == [
        "Jak wybieramy posłów"
    ]


def test_an_empty_filter_result_says_so(client, catalogue):
    page = client.get("/lessons/?grade_band=primary_4_6&topic=elections")

    assert 'class="card empty-state"' in page.content.decode()
    assert announced(page.content.decode()) == 0


def test_search_finds_words_in_the_body_and_announces_the_count(client, catalogue):
    page = client.get("/lessons/search/?q=mandaty").content.decode()

    assert lessons_on(page) == ["Jak wybieramy posłów"]
    assert announced(page) == 1


def test_search_combines_words_and_filters(client, catalogue):
    found = client.get("/lessons/search/?q=demokracja&grade_band=primary_4_6")
    none = client.get("/lessons/search/?q=mandaty&grade_band=primary_4_6")

    assert lessons_on(found.content.decode()) == ["Co to jest demokracja?"]
    assert 'class="card empty-state"' in none.content.decode()


def test_search_finds_glossary_terms(client, catalogue):
    make_term(definition="Sposób dzielenia mandatów między listy.")

    page = client.get("/lessons/search/?q=Hondta").content.decode()

    assert '<dl class="glossary" lang="pl">' in page
    assert "<dfn>Metoda D&#x27;Hondta</dfn>" in page


def test_search_looks_in_the_chosen_language(client, catalogue):
    translate(catalogue["democracy"], "uk", title="Що таке демократія?")

    page = client.get("/lessons/search/?q=демократія&language=uk").content.decode()

    assert "Що таке демократія?" in page
    assert 'lang="uk"' in page


def test_teacher_notes_are_not_searchable(client):
    make_lesson(slug="notatki")

    page = client.get("/lessons/search/?q=confuse+Senate").content.decode()

    assert TEACHER_NOTE not in page
    assert announced(page) == 0


def test_the_search_form_labels_every_field(client, catalogue):
    page = client.get("/lessons/search/").content.decode()

    for field in (
        "q",
        "grade_band",
        "topic",
        "curriculum_point",
        "duration",
        "language",
    ):
        assert f'<label for="id_{field}">' in page, field
    assert 'role="search"' in page
