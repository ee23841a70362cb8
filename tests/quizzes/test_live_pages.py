"""The live-game pages: starting a game (from a quiz or from a lesson), the host's
projector screen, the join page and the results."""

import json
import re

import pytest
import segno
from django.urls import reverse

from quizzes import services
from quizzes.models import LiveSession, Quiz
from tests.quizzes.factories import empty_quiz, make_quiz, start
from tests.quizzes.live_pages import client_for, lesson_with_quiz, make_library_quiz

pytestmark = pytest.mark.django_db


def strings_of(response) -> dict:
    """The words the page hands to its script."""
    match = re.search(
        r'<script id="quiz-strings" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "the page has no strings for its script"
    return json.loads(match.group(1))


# Starting a game from a quiz ------------------------------------------------------


def test_the_start_page_offers_the_teachers_classes_and_the_settings(school_a):
    quiz = make_quiz(school_a)

    page = client_for(school_a.teacher).get(
        reverse("live_session_start", args=[quiz.pk])
    )

    assert page.status_code == 200
    assert list(page.context["form"].fields["classroom"].queryset) == [
        school_a.classroom
    ]
    assert 'name="speed_points"' in page.content.decode()
    assert 'name="streaks"' in page.content.decode()


def test_starting_a_game_opens_a_lobby_and_goes_to_the_host_page(school_a):
    quiz = make_quiz(school_a)

    response = client_for(school_a.teacher).post(
        reverse("live_session_start", args=[quiz.pk]),
        {"with_settings": "1", "classroom": school_a.classroom.pk, "streaks": "on"},
    )

    session = LiveSession.objects.get(quiz=quiz)
    assert response.url == reverse("live_session_host", args=[session.pk])
    assert session.phase == "lobby"
    assert session.classroom == school_a.classroom
    assert (session.speed_points, session.streaks) == (False, True)
    assert session.host == school_a.teacher


def test_a_bare_start_button_starts_with_the_usual_scoring(school_a):
    quiz = make_quiz(school_a)

    client_for(school_a.teacher).post(reverse("live_session_start", args=[quiz.pk]))

    session = LiveSession.objects.get(quiz=quiz)
    assert (session.speed_points, session.streaks) == (True, True)
    assert session.classroom is None


def test_a_quiz_without_questions_cannot_start_and_says_why(school_a):
    quiz = empty_quiz(school_a)
    address = reverse("live_session_start", args=[quiz.pk])
    client = client_for(school_a.teacher)

    assert "no questions yet" in client.get(address).content.decode()
    response = client.post(address, {"with_settings": "1"})

    assert response.status_code == 200
    assert "no questions yet" in response.content.decode()
    assert not LiveSession.objects.exists()


def test_another_schools_class_is_refused_with_a_message(school_a, school_b):
    quiz = make_quiz(school_a)

    response = client_for(school_a.teacher).post(
        reverse("live_session_start", args=[quiz.pk]),
        {"with_settings": "1", "classroom": school_b.classroom.pk},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["classroom"]
    assert not LiveSession.objects.exists()


# The host's screen -----------------------------------------------------------------


def test_the_host_page_shows_the_pin_and_a_qr_code_that_opens_the_join_page(
    school_a,
):
    session = start(school_a)

    page = client_for(school_a.teacher).get(
        reverse("live_session_host", args=[session.pk])
    )

    html = page.content.decode()
    title = f"QR code: opens the join page with the PIN {session.pin} filled in."
    expected = segno.make(f"http://testserver/play/?pin={session.pin}", error="m")
    assert session.pin in html
    assert page.context["join_url"] == "http://testserver/play/"
    assert page.context["qr_svg"] == expected.svg_inline(
        scale=1, border=2, title=title, omitsize=True, svgclass="qr-code"
    ).replace("<svg ", f'<svg role="img" aria-label="{title}" ', 1)
    assert f'<svg role="img" aria-label="{title}"' in html
    assert f"/ws/quiz/{session.pk}/host/" in html


def test_the_host_page_has_every_control_with_its_shortcut_documented(school_a):
    session = start(school_a)

    html = (
        client_for(school_a.teacher)
        .get(reverse("live_session_host", args=[session.pk]))
        .content.decode()
    )

    for action in (
        "start",
        "next",
        "skip",
        "pause",
        "resume",
        "add_time",
        "lock",
        "end",
    ):
        assert f'data-action="{action}"' in html, action
    for key in "NSPTLE":
        assert f"<kbd>{key}</kbd>" in html, key
    assert 'id="phase" aria-live="polite"' in html
    assert 'src="/static/quizzes/host.js"' in html


def test_the_host_page_hands_its_script_translated_words(school_a):
    session = start(school_a)
    client = client_for(school_a.teacher)
    client.cookies["django_language"] = "pl"

    strings = strings_of(client.get(reverse("live_session_host", args=[session.pk])))

    assert "%(number)s" in strings["phase_question"]
    assert all(isinstance(text, str) and text for text in strings.values())


def test_a_colleague_of_the_same_school_can_take_over_the_host_page(school_a):
    session = start(school_a)

    page = client_for(school_a.coordinator).get(
        reverse("live_session_host", args=[session.pk])
    )

    assert page.status_code == 200


def test_a_finished_game_sends_the_host_to_the_results(school_a):
    session = start(school_a)
    services.live_session_advance(session=session, by=school_a.teacher, action="end")

    response = client_for(school_a.teacher).get(
        reverse("live_session_host", args=[session.pk])
    )

    assert response.url == reverse("live_session_results", args=[session.pk])


# The join page -----------------------------------------------------------------------


def test_the_join_page_is_open_to_anyone_with_no_account(db):
    page = client_for(None).get(reverse("live_play"))

    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="join-pin"' in html
    assert 'for="join-pin"' in html
    assert 'id="join-nickname"' in html
    assert 'for="join-nickname"' in html
    assert "Pick a name for me" in html
    assert 'src="/static/quizzes/player.js"' in html


def test_the_join_page_from_the_qr_code_has_the_pin_filled_in(db):
    page = client_for(None).get(reverse("live_play"), {"pin": "123456"})

    assert 'value="123456"' in page.content.decode()


@pytest.mark.parametrize("pin", ["12345", "abcdef", "1234567", '"><script>'])
def test_the_join_page_ignores_a_pin_that_is_not_six_digits(db, pin):
    page = client_for(None).get(reverse("live_play"), {"pin": pin})

    assert page.context["pin"] == ""
    assert (
        "<script>"
        not in page.content.decode().split("<main")[1].split("quiz-strings")[0]
    )


def test_the_player_script_gets_a_word_for_every_kind_of_question(db):
    strings = strings_of(client_for(None).get(reverse("live_play")))

    for kind in (
        "single",
        "multiple",
        "true_false",
        "type_answer",
        "slider",
        "order",
        "poll",
        "word_cloud",
        "open",
    ):
        assert strings[f"kind_{kind}"], kind
    for shape in ("triangle", "diamond", "circle", "square"):
        assert strings[f"shape_{shape}"]


# Results ------------------------------------------------------------------------


def finished_game(world):
    session = start(world)
    ala = services.player_join(pin=session.pin, nickname="Ala").player
    bob = services.player_join(pin=session.pin, nickname="Bob").player
    services.player_join(pin=session.pin, nickname="Cyd")
    services.player_join(pin=session.pin, nickname="Dora")
    type(ala).objects.filter(pk=ala.pk).update(score=2000)
    type(bob).objects.filter(pk=bob.pk).update(score=900)
    services.live_session_advance(session=session, by=world.teacher, action="end")
    return session


def test_the_results_show_the_podium_and_every_player(school_a):
    session = finished_game(school_a)

    page = client_for(school_a.teacher).get(
        reverse("live_session_results", args=[session.pk])
    )

    html = page.content.decode()
    assert [p["standing"].nickname for p in page.context["podium"]] == [
        "Bob",
        "Ala",
        "Cyd",
        "Dora",
    ]
    assert "Place 1: Ala, 2000 points" in html
    assert [s.nickname for s in page.context["standings"]] == [
        "Ala",
        "Bob",
        "Cyd",
        "Dora",
    ]
    assert [s.rank for s in page.context["standings"]] == [1, 2, 3, 3]
    assert "still running" not in html


def test_results_of_a_running_game_say_so(school_a):
    session = start(school_a)

    page = client_for(school_a.teacher).get(
        reverse("live_session_results", args=[session.pk])
    )

    assert "still running" in page.content.decode()
    assert "Nobody played" in page.content.decode()


def test_the_results_link_to_the_report_when_reports_exist(school_a):
    session = finished_game(school_a)

    page = client_for(school_a.teacher).get(
        reverse("live_session_results", args=[session.pk])
    )

    assert page.context["reports_url"] == reverse("live_report", args=[session.pk])


# Starting from a lesson ------------------------------------------------------------


def test_a_lesson_shows_teachers_a_start_button_and_pupils_a_join_hint(school_a):
    library_quiz = make_library_quiz()
    lesson, block_id = lesson_with_quiz(library_quiz)
    start_url = reverse("live_session_start_from_lesson", args=[lesson.pk, block_id])

    for_teacher = client_for(school_a.teacher).get(lesson.url).content.decode()
    for_pupil = client_for(school_a.pupils[0].user).get(lesson.url).content.decode()
    for_visitor = client_for(None).get(lesson.url).content.decode()

    assert start_url in for_teacher
    assert "Konstytucja w pigułce" in for_teacher
    for html in (for_pupil, for_visitor):
        assert start_url not in html
        assert reverse("live_play") in html


def test_starting_from_a_lesson_copies_the_library_quiz_into_the_teachers_school(
    school_a,
):
    lesson, block_id = lesson_with_quiz(make_library_quiz())
    address = reverse("live_session_start_from_lesson", args=[lesson.pk, block_id])
    client = client_for(school_a.teacher)

    assert client.get(address).status_code == 200
    response = client.post(
        address, {"with_settings": "1", "classroom": school_a.classroom.pk}
    )

    copy = Quiz.objects.get(school=school_a.school)
    session = LiveSession.objects.get(quiz=copy)
    assert response.url == reverse("live_session_host", args=[session.pk])
    assert copy.owner == school_a.teacher
    assert copy.visibility == "private"
    assert list(copy.questions.values_list("text", flat=True)) == [
        "Kto uchwala ustawy?",
        "Polska ma konstytucję.",
    ]
    assert (session.speed_points, session.streaks) == (False, False)


def test_the_lesson_start_page_offers_a_copy_the_teacher_already_made(school_a):
    lesson, block_id = lesson_with_quiz(make_library_quiz())
    address = reverse("live_session_start_from_lesson", args=[lesson.pk, block_id])
    client = client_for(school_a.teacher)
    client.post(address, {"with_settings": "1", "classroom": school_a.classroom.pk})
    copy = Quiz.objects.get(school=school_a.school)

    page = client.get(address)

    assert list(page.context["copies"]) == [copy]
    assert reverse("live_session_start", args=[copy.pk]) in page.content.decode()


def test_a_draft_lesson_or_an_unpublished_quiz_cannot_be_started(school_a):
    draft_lesson, draft_block = lesson_with_quiz(make_library_quiz(), publish=False)
    unpublished = make_library_quiz("Szkic", live=False)
    lesson, block_id = lesson_with_quiz(unpublished)
    client = client_for(school_a.teacher)

    for page_pk, block in ((draft_lesson.pk, draft_block), (lesson.pk, block_id)):
        address = reverse("live_session_start_from_lesson", args=[page_pk, block])
        assert client.get(address).status_code == 404
        assert client.post(address, {}).status_code == 404
    assert not Quiz.objects.exists()


# What the site's Content-Security-Policy allows --------------------------------------


def test_the_live_pages_have_no_inline_scripts_or_styles(school_a):
    session = finished_game(school_a)
    running = start(school_a)
    quiz = make_quiz(school_a, title="Inny")
    teacher = client_for(school_a.teacher)
    pages = [
        teacher.get(reverse("live_session_start", args=[quiz.pk])),
        teacher.get(reverse("live_session_host", args=[running.pk])),
        teacher.get(reverse("live_session_results", args=[session.pk])),
        client_for(None).get(reverse("live_play"), {"pin": running.pin}),
    ]

    for page in pages:
        html = page.content.decode()
        scripts = re.findall(r"<script([^>]*)>", html)
        assert all(
            "src=" in attributes or 'type="application/json"' in attributes
            for attributes in scripts
        ), scripts
        assert " style=" not in html
        assert not re.search(r"<[^>]+\son[a-z]+=", html)
