"""Teachers print sign-in cards as a PDF; printing issues new codes.

The PDF is read without a PDF library: reportlab writes each page's drawing as a
stream (ASCII85, then Flate), and keeps ASCII text readable inside it, so the
pseudonyms (ASCII ones, in these tests) and the codes can be found there.
"""

import base64
import re
import zlib

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from school_councils import pdf, pseudonyms, services
from school_councils.pdf import cards, fonts
from youth_civics import codes

pytestmark = pytest.mark.django_db

CODE_PATTERN = re.compile(r"\(([0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5})\) Tj")


def streams(data: bytes) -> list[bytes]:
    """Returns the inflated streams of a PDF made by reportlab."""
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        raw = match.group(1).strip()
        if raw.endswith(b"~>"):
            raw = base64.a85decode(raw[:-2])
        try:
            found.append(zlib.decompress(raw))
        except zlib.error:
            continue
    return found


def pdf_text(data: bytes) -> str:
    """Returns the strings drawn on the pages, one per line."""
    text = b"\n".join(streams(data)).decode("latin-1")
    return "\n".join(
        re.sub(r"\\([()\\])", r"\1", s) for s in re.findall(r"\((.*?)\) Tj", text)
    )


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", data))


def printed_codes(data: bytes) -> list[str]:
    text = b"\n".join(streams(data)).decode("latin-1")
    return CODE_PATTERN.findall(text)


@pytest.fixture
def english_class(school_a):
    """A class of twelve pupils with ASCII pseudonyms, in English."""
    classroom = services.classroom_create(
        by=school_a.teacher,
        school=school_a.school,
        name="6e",
        grade=6,
        school_year=2026,
        language="en",
    )
    names = "\n".join(f"Pupil {n:02d}" for n in range(1, 13))
    services.pupils_add(by=school_a.teacher, classroom=classroom, pseudonyms_text=names)
    return classroom


@pytest.fixture
def teacher(school_a):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(school_a.teacher)
    return client


def print_cards(client, classroom, which="all", pupils=()):
    return client.post(
        reverse("classroom_cards", args=[classroom.pk]),
        {"which": which, "pupils": [p.pk for p in pupils]},
    )


def test_the_cards_page_says_that_printing_replaces_the_old_cards(
    teacher, english_class
):
    response = teacher.get(reverse("classroom_cards", args=[english_class.pk]))

    assert response.status_code == 200
    assert "Printing replaces the old cards." in response.content.decode()


def test_the_teacher_downloads_one_card_per_pupil(teacher, english_class):
    response = print_cards(teacher, english_class)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = response.content
    assert data.startswith(b"%PDF-")
    assert page_count(data) == 2  # Twelve cards, ten to a page.
    text = pdf_text(data)
    for n in range(1, 13):
        assert text.count(f"Pupil {n:02d}") == 1
    assert text.count("Class 6e, 2026/2027") == 12
    assert len(set(printed_codes(data))) == 12


def test_every_printed_code_signs_in_a_pupil_of_the_class(teacher, english_class):
    data = print_cards(teacher, english_class).content

    pupils = {services.pupil_for_code(code) for code in printed_codes(data)}

    assert pupils == set(english_class.pupils.all())


def test_printing_replaces_the_codes_printed_before(teacher, school_a, english_class):
    old = services.pupil_codes_issue(
        by=school_a.teacher, pupils=english_class.pupils.all()
    )

    print_cards(teacher, english_class)

    assert all(services.pupil_for_code(item.code) is None for item in old)


def test_printing_for_pupils_without_a_card_leaves_the_others_working(
    teacher, school_a, english_class
):
    carded = english_class.pupils.first()
    (old,) = services.pupil_codes_issue(by=school_a.teacher, pupils=[carded])

    data = print_cards(teacher, english_class, which="without_card").content

    assert carded.pseudonym not in pdf_text(data)
    assert len(printed_codes(data)) == 11
    assert services.pupil_for_code(old.code) == carded


def test_printing_for_chosen_pupils_prints_only_theirs(teacher, english_class):
    chosen = list(english_class.pupils.all()[:2])

    data = print_cards(teacher, english_class, "selected", chosen).content

    assert page_count(data) == 1
    assert len(printed_codes(data)) == 2
    assert {p.pseudonym for p in chosen} <= set(pdf_text(data).splitlines())


def test_choosing_nobody_is_an_error_not_an_empty_pdf(teacher, english_class):
    response = print_cards(teacher, english_class, which="selected")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Choose at least one pupil." in response.content.decode()
    assert not english_class.pupils.filter(code_hash__isnull=False).exists()


def test_asking_for_new_cards_when_everyone_has_one_is_an_error(teacher, english_class):
    print_cards(teacher, english_class)

    response = print_cards(teacher, english_class, which="without_card")

    assert "Every pupil of the class has a card." in response.content.decode()


def test_a_lost_card_gets_a_new_code_shown_once_and_a_one_card_pdf(
    teacher, english_class
):
    pupil = english_class.pupils.first()
    url = reverse("pupil_code", args=[pupil.pk])

    issued_page = teacher.post(url)
    code = issued_page.context["issued"].display
    card = teacher.post(url, {"code": code})

    assert code in issued_page.content.decode()
    assert "no-store" in issued_page["Cache-Control"]
    assert services.pupil_for_code(code) == pupil
    assert card["Content-Type"] == "application/pdf"
    assert page_count(card.content) == 1
    assert printed_codes(card.content) == [code]
    assert pupil.pseudonym in pdf_text(card.content)


def test_the_one_card_pdf_refuses_a_code_that_was_replaced(teacher, english_class):
    pupil = english_class.pupils.first()
    url = reverse("pupil_code", args=[pupil.pk])
    first = teacher.post(url).context["issued"].display
    teacher.post(url)

    response = teacher.post(url, {"code": first})

    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")


def test_the_qr_code_opens_the_sign_in_page_with_the_code(school_a):
    (issued,) = services.pupil_codes_issue(
        by=school_a.teacher, pupils=[school_a.pupils[0]]
    )

    card = cards._card(school_a.classroom, issued, "https://example.org/signin/")

    assert card.link == f"https://example.org/signin/?code={issued.display}"
    assert "example.org/signin/" in card.instruction


def test_the_card_font_has_every_polish_and_ukrainian_letter():
    letters = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ абвгґдеєжзиіїйклмнопрстуфхцчшщьюяҐЄІЇ’"
    generated = " ".join(
        " ".join(words)
        for adjectives, nouns in pseudonyms.WORDS.values()
        for words in (adjectives, nouns)
    )

    assert fonts.missing_characters(letters + generated) == set()


def test_the_pdf_embeds_the_font_with_polish_letters(school_a):
    (issued,) = services.pupil_codes_issue(
        by=school_a.teacher, pupils=[school_a.pupils[0]]
    )

    data = pdf.cards_pdf(
        classroom=school_a.classroom,
        issued=[issued],
        signin_url="https://example.org/signin/",
    )

    assert b"DejaVuSans" in data
    assert printed_codes(data) == [codes.display(issued.code)]
