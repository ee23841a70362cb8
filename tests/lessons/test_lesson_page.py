"""A lesson page shows every block, keeps teacher notes for staff, explains key
terms in place and in a glossary, and says when it is not in the visitor's
language."""

import re

import pytest
from django.test import Client

from lessons.elections import LIST_VOTES
from simulations.voting.lists import highest_averages
from tests.lessons.factories import (
    TEACHER_NOTE,
    every_block,
    make_document,
    make_embed,
    make_image,
    make_lesson,
    make_svg_image,
    make_term,
    make_topic,
    translate,
)

pytestmark = pytest.mark.django_db


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def full_lesson():
    make_embed()
    return make_lesson(
        body=every_block(image=make_image(), document=make_document(), term=make_term())
    )


def test_a_lesson_shows_every_kind_of_block(client, full_lesson):
    page = client.get(full_lesson.url).content.decode()

    for text in [
        "Jak liczy się głosy",
        "Głosy zamienia się w mandaty.",
        'alt="Urna"',
        "Urna wyborcza",
        "youtube-nocookie.com/embed",
        "Metoda D&#x27;Hondta",
        "Głosowanie w klasie",
        "Czy każdy głos jest równy?",
        "Władza zwierzchnia należy do Narodu.",
        "Karta pracy",
        "Jak wybieramy posłów.",
    ]:
        assert text in page, text


def test_teacher_notes_are_shown_to_teachers(school_a, full_lesson):
    page = client_for(school_a.teacher).get(full_lesson.url).content.decode()
    assert TEACHER_NOTE in page


@pytest.mark.parametrize("who", ["anonymous", "pupil"])
def test_pupils_and_visitors_never_see_teacher_notes(school_a, full_lesson, who):
    user = school_a.pupils[0].user if who == "pupil" else None
    for address in (full_lesson.url, full_lesson.url + "print/"):
        page = client_for(user).get(address).content.decode()
        assert TEACHER_NOTE not in page, address


@pytest.mark.parametrize("who", ["anonymous", "pupil"])
def test_the_teachers_hint_to_a_discussion_question_stays_with_teachers(
    school_a, full_lesson, who
):
    user = school_a.pupils[0].user if who == "pupil" else None
    teacher_page = client_for(school_a.teacher).get(full_lesson.url).content.decode()
    page = client_for(user).get(full_lesson.url).content.decode()

    assert "Pomyśl o progu." in teacher_page
    assert "Czy każdy głos jest równy?" in page
    assert "Pomyśl o progu." not in page


def test_the_cached_body_of_a_teacher_is_never_served_to_a_pupil(school_a):
    lesson = make_lesson()
    assert TEACHER_NOTE in client_for(school_a.teacher).get(lesson.url).content.decode()

    page = client_for(school_a.pupils[0].user).get(lesson.url).content.decode()

    assert TEACHER_NOTE not in page


def test_the_cached_body_of_a_pupil_is_never_served_to_a_teacher(school_a):
    lesson = make_lesson()
    client_for(school_a.pupils[0].user).get(lesson.url)

    page = client_for(school_a.teacher).get(lesson.url).content.decode()

    assert TEACHER_NOTE in page


def test_a_new_version_of_a_lesson_replaces_the_cached_one(client):
    lesson = make_lesson()
    client.get(lesson.url)
    lesson.body = [("heading", "Nowy tytuł sekcji")]
    lesson.save_revision().publish()

    page = client.get(lesson.url).content.decode()

    assert "Nowy tytuł sekcji" in page
    assert "Władza ludu" not in page


def test_a_preview_of_a_draft_never_reaches_the_public_page(client):
    lesson = make_lesson()
    client.get(lesson.url)
    lesson.body = [("heading", "Wersja robocza")]
    lesson.save_revision()

    preview = lesson.make_preview_request()

    assert "Wersja robocza" in preview.content.decode()
    assert "Wersja robocza" not in client.get(lesson.url).content.decode()


def test_key_terms_open_with_the_keyboard_and_are_listed_in_a_glossary(
    client, full_lesson
):
    page = client.get(full_lesson.url).content.decode()

    term = re.search(r"<details>\s*<summary>(.*?)</summary>\s*<p>(.*?)</p>", page, re.S)
    assert "<dfn>Metoda D&#x27;Hondta</dfn>" in term.group(1)
    assert "dzielenia mandatów" in term.group(2)
    glossary = page.split('id="glossary-heading"')[1]
    assert "<dfn>Metoda D&#x27;Hondta</dfn>" in glossary


def test_a_translated_lesson_shows_its_key_terms_in_its_own_language(client):
    polish = make_term()
    make_term(
        term="Метод д'Ондта",
        definition="Спосіб розподілу мандатів між списками.",
        language="uk",
        of=polish,
    )
    lesson = make_lesson(body=[("key_term", polish)])
    ukrainian = translate(lesson, "uk", title="Що таке демократія?")

    page = client.get(ukrainian.url).content.decode()

    assert "Спосіб розподілу мандатів" in page
    assert "dzielenia mandatów" not in page


def test_an_unpublished_key_term_is_left_out(client):
    draft = make_term(live=False)
    lesson = make_lesson(body=[("key_term", draft), ("heading", "Dalej")])

    page = client.get(lesson.url).content.decode()

    assert "Metoda D" not in page
    assert 'id="glossary-heading"' not in page


def test_the_election_example_is_the_real_dhondt_count(client, full_lesson):
    page = english(client).get(full_lesson.url).content.decode()

    qualified = {name: votes for name, votes in LIST_VOTES.items() if name != "Lista E"}
    expected = highest_averages(qualified, 7).seats
    table = page.split('class="election-table quotients"')[1].split("</table>")[0]
    for name, seats in expected.items():
        row = table.split(f'<th scope="row">{name}</th>')[1].split("</tr>")[0]
        assert f"<strong>{seats}</strong>" in row, name
        assert row.count('class="won"') == seats, name
    assert "Lista E" not in table
    assert '<th scope="row">Lista E</th>' in page.split("quotients")[0]
    assert "Electoral Code art. 196" in page


def test_the_printable_version_opens_every_key_term(client, full_lesson):
    page = client.get(full_lesson.url + "print/").content.decode()

    assert "<details open>" in page
    assert "print-view" in page
    assert 'name="robots" content="noindex"' in page


def test_a_lesson_links_its_translations_with_their_language(client):
    lesson = make_lesson(slug="demokracja")
    ukrainian = translate(lesson, "uk", title="Що таке демократія?")

    page = english(client).get(lesson.url).content.decode()

    assert f'href="{ukrainian.url}" hreflang="uk" lang="uk"' in page
    assert f'<link rel="alternate" hreflang="uk" href="{ukrainian.url}">' in page
    assert ukrainian.url == "/uk/lessons/demokracja/"


def test_the_ukrainian_address_shows_the_ukrainian_translation(client):
    lesson = make_lesson(slug="demokracja")
    translate(lesson, "uk", title="Що таке демократія?")

    response = client.get("/uk/lessons/demokracja/")

    assert response.status_code == 200
    assert "Що таке демократія?" in response.content.decode()
    assert response.headers["Content-Language"] == "uk"


def test_a_lesson_without_a_translation_is_shown_in_the_original_with_a_note(client):
    make_lesson(title="Co to jest demokracja?", slug="demokracja")

    response = client.get("/en/lessons/demokracja/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Co to jest demokracja?" in page
    assert (
        "This lesson is not translated into English yet, so it is shown in the "
        "original language: Polish."
    ) in page
    assert '<article class="lesson" lang="pl"' in page
    assert '<html lang="en">' in page


def test_a_lesson_that_exists_nowhere_is_not_found(client):
    assert client.get("/en/lessons/no-such-lesson/").status_code == 404
    assert client.get("/lessons/no-such-lesson/").status_code == 404


def test_the_main_image_has_its_text_alternative(client):
    lesson = make_lesson()
    lesson.hero_image = make_image()
    lesson.hero_image_alt = "Uczniowie przy urnie"
    lesson.save_revision().publish()

    page = client.get(lesson.url).content.decode()

    assert 'alt="Uczniowie przy urnie"' in page


def test_svg_pictures_are_served_as_svg(client):
    lesson = make_lesson(
        body=[
            (
                "image",
                {
                    "image": {
                        "image": make_svg_image(),
                        "decorative": False,
                        "alt_text": "Schemat",
                    },
                    "caption": "",
                },
            )
        ]
    )
    lesson.hero_image = make_svg_image("Hero")
    lesson.hero_image_alt = "Sala obrad"
    lesson.save_revision().publish()

    page = client.get(lesson.url).content.decode()

    assert 'alt="Schemat"' in page
    assert 'alt="Sala obrad"' in page
    assert page.count(".svg") >= 2


def test_a_translated_lesson_names_its_topics_in_its_own_language(client):
    democracy = make_topic()
    make_topic(name="Демократія", language="uk", of=democracy)
    lesson = make_lesson(topics=[democracy])
    ukrainian = translate(lesson, "uk", title="Що таке демократія?")

    page = client.get(ukrainian.url).content.decode()

    assert "Демократія" in page
    assert "<dd>Demokracja</dd>" not in page
