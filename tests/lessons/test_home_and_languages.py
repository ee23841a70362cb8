"""Wagtail serves the home page at "/" in Polish, at "/uk/" and "/en/" in the other
languages; other pages keep the language the visitor chose."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.lessons.factories import make_lesson

pytestmark = pytest.mark.django_db


def test_the_home_page_explains_the_platform_and_lists_the_newest_lessons(client):
    make_lesson(title="Starsza lekcja", slug="starsza")
    make_lesson(title="Nowa lekcja", slug="nowa")

    page = client.get("/").content.decode()

    assert "<h1>" in page
    newest = page.split('id="newest-heading"')[1]
    assert newest.index("Nowa lekcja") < newest.index("Starsza lekcja")
    assert 'href="/lessons/"' in page


def test_the_home_page_leaves_out_lessons_of_other_languages_and_drafts(client):
    make_lesson(title="Szkic", slug="szkic", publish=False)
    make_lesson(title="English lesson", slug="english", language="en")

    page = client.get("/").content.decode()

    assert "Szkic" not in page
    assert "English lesson" not in page
    assert "English lesson" in client.get("/en/").content.decode()


@pytest.mark.parametrize(
    ("address", "language"), [("/", "pl"), ("/uk/", "uk"), ("/en/", "en")]
)
def test_each_language_has_its_home_page_at_its_own_address(address, language):
    response = Client().get(address)

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_the_home_url_name_points_to_the_home_page_of_the_active_language():
    with translation.override("pl"):
        assert reverse("home") == "/"
    with translation.override("uk"):
        assert reverse("home") == "/uk/"


def test_staff_pages_keep_the_language_chosen_with_the_switcher(school_a):
    client = Client()
    client.force_login(school_a.teacher)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("dashboard"))

    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_a_language_prefix_wins_over_the_chosen_language(client):
    client.cookies["django_language"] = "en"

    response = client.get("/uk/")

    assert response.headers["Content-Language"] == "uk"


def test_switching_language_on_the_home_page_goes_to_that_languages_home(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/"}, follow=False
    )

    assert response.status_code == 302
    assert response.url == "/en/"
