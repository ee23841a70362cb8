"""A whole live quiz in Chromium: a teacher runs it on the projector page and three
pupils play on phones (separate browser contexts), over a real Daphne on
PostgreSQL and Redis."""

import re
import time

from playwright.sync_api import expect

from quizzes import services
from quizzes.models import LiveSession, Player, QuestionKind
from quizzes.services import SliderInput
from tests.conftest import make_school
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_teacher_and_pupil import ENGLISH, sign_in_as_staff

PHONE = {"viewport": {"width": 390, "height": 844}}
OLDEST_FIRST = ["Constitution of 3 May", "March Constitution", "Constitution of 1997"]


def civics_quiz(world):
    """Seven questions of seven kinds, with time enough for a slow test machine."""
    by = world.teacher
    quiz = services.quiz_create(
        by=by, school=world.school, title="Civics live", language="en"
    )

    def add(kind, text, **fields):
        services.question_add(
            by=by, quiz=quiz, kind=kind, text=text, time_limit=120, **fields
        )

    add(
        QuestionKind.SINGLE,
        "Who passes laws?",
        choices=["Sejm", "President"],
        correct=[0],
    )
    add(
        QuestionKind.MULTIPLE,
        "Which are chambers of parliament?",
        choices=["Sejm", "Senate", "Court"],
        correct=[0, 1],
    )
    add(
        QuestionKind.TYPE_ANSWER, "Which river flows through Kraków?", choices=["Wisła"]
    )
    add(
        QuestionKind.SLIDER,
        "When was the current constitution adopted?",
        slider=SliderInput(1990, 2000, 1, 1997, 0),
    )
    add(QuestionKind.ORDER, "Oldest first", choices=OLDEST_FIRST)
    add(QuestionKind.POLL, "Should pupils vote on school rules?", choices=["Yes", "No"])
    add(QuestionKind.WORD_CLOUD, "One word for democracy")
    return quiz


def leave(*pages):
    """Closes the phones and waits until the server has counted their sockets
    closed, so that nothing writes to the database while the test's data is
    flushed."""
    for page in pages:
        page.close()
    deadline = time.monotonic() + 15
    while Player.objects.filter(connections__gt=0).exists():
        assert time.monotonic() < deadline, "the server kept the players connected"
        time.sleep(0.1)


def open_phone(new_page, daphne):
    page = new_page(**PHONE)
    page.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    return page


def join(page, pin, nickname=None):
    page.goto(f"/play/?pin={pin}")
    expect(page.get_by_label("Game PIN")).to_have_value(pin)
    if nickname:
        page.get_by_label("Nickname").fill(nickname)
        page.get_by_role("button", name="Join", exact=True).click()
    else:
        page.get_by_role("button", name="Pick a name for me").click()
    expect(page.locator("#you")).to_contain_text("You play as")


def host_press(host, name):
    host.get_by_role("button", name=name, exact=True).click()


def received(page):
    expect(page.locator("#feedback")).to_contain_text("Answer received")


def pick(page, text):
    page.locator(".choice-button", has_text=text).click()


def order_oldest_first(page):
    """Moves the shuffled items with the up buttons until they are oldest first."""
    for target, item in enumerate(OLDEST_FIRST):
        while True:
            items = page.locator(".order-text").all_inner_texts()
            position = items.index(item)
            if position == target:
                break
            page.get_by_role("button", name=f"Move up: {item}").click()
    page.get_by_role("button", name="Send the answer").click()


def next_question(host, number, *, by_keyboard=False):
    host_press(host, "Next")  # The leaderboard.
    expect(host.locator("#phase")).to_contain_text("leaderboard")
    if by_keyboard:
        host.keyboard.press("n")  # The shortcut documented on the page.
    else:
        host_press(host, "Next")
    expect(host.locator("#phase")).to_contain_text(f"Question {number} of 7 is open")


def closed(host, number):
    expect(host.locator("#phase")).to_contain_text(f"Question {number} is closed")


def test_a_class_plays_a_whole_quiz_of_every_kind(new_page, daphne):
    world = make_school("Szkoła Podstawowa Quiz", suffix="e2e-quiz")
    quiz = civics_quiz(world)

    host = new_page(viewport={"width": 1280, "height": 900})
    host.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    sign_in_as_staff(host, "teacher-e2e-quiz")
    host.goto(f"/quizzes/{quiz.pk}/live/")
    assert_accessible(host)
    host.get_by_role("button", name="Open the lobby").click()
    host.wait_for_url("**/host/")
    pin = host.locator("#host-pin").inner_text().strip()
    expect(host.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    expect(host.locator("#connection")).to_have_text("Connected.")

    ala, bob, third = (open_phone(new_page, daphne) for _ in range(3))
    ala.goto("/play/")
    assert_accessible(ala)
    join(ala, pin, "Ala")
    join(bob, pin, "Bob")
    join(third, pin)
    expect(host.locator("#player-list li")).to_have_count(3)
    expect(host.locator("#players-count")).to_have_text("Players: 3")
    assert_accessible(host)

    # 1. Single choice: Ala and the third are right, Bob is wrong.
    host_press(host, "Start the game")
    expect(host.locator("#phase")).to_contain_text("Question 1 of 7 is open")
    expect(ala.locator(".question-text")).to_have_text("Who passes laws?")
    assert_accessible(ala)
    pick(ala, "Sejm")
    received(ala)
    pick(bob, "President")
    received(bob)
    pick(third, "Sejm")
    received(third)
    closed(host, 1)  # Everyone answered: the question closes at once.
    expect(host.locator(".bar-right")).to_contain_text("Sejm")
    expect(host.locator(".bar-right .right-mark")).to_have_text("✓ Right answer")
    expect(ala.locator(".result-line")).to_contain_text("Right!")
    expect(bob.locator(".result-line")).to_contain_text("Not this time")
    assert_accessible(host)

    # 2. Multiple choice; Bob reloads his phone before answering and comes back.
    next_question(host, 2)
    bob_standing = bob.locator("#standing").inner_text()
    bob.reload()
    expect(bob.locator("#you")).to_have_text("You play as Bob.")
    expect(bob.locator(".question-text")).to_have_text(
        "Which are chambers of parliament?"
    )
    expect(bob.locator("#standing")).to_have_text(bob_standing)
    for page in (ala, bob, third):
        pick(page, "Sejm")
        pick(page, "Senate")
        page.get_by_role("button", name="Send the answer").click()
        received(page)
    closed(host, 2)

    # 3. Type the answer: diacritics do not matter.
    next_question(host, 3, by_keyboard=True)
    for page, text in ((ala, "wisla"), (bob, "Odra"), (third, "Wisła")):
        page.get_by_label("Your answer").fill(text)
        page.get_by_role("button", name="Send the answer").click()
        received(page)
    closed(host, 3)
    expect(host.locator(".right-answer")).to_contain_text("Wisła")

    # 4. Slider, with the chosen value shown.
    next_question(host, 4)
    for page, year in ((ala, "1997"), (bob, "1997"), (third, "1995")):
        page.get_by_label("Your answer").fill(year)
        expect(page.locator(".slider-value")).to_have_text(f"Your value: {year}")
        page.get_by_role("button", name="Send the answer").click()
        received(page)
    closed(host, 4)
    # A colleague opens the host screen on another computer: it picks the game up.
    colleague = new_page(viewport={"width": 1280, "height": 900})
    colleague.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    sign_in_as_staff(colleague, "coordinator-e2e-quiz")
    colleague.goto(host.url)
    closed(colleague, 4)
    expect(colleague.locator(".right-answer")).to_contain_text("Right value: 1997")
    expect(colleague.locator("#player-list li")).to_have_count(3)

    # 5. Put in order with the up buttons; a player reloads after answering.
    next_question(host, 5)
    order_oldest_first(ala)
    received(ala)
    ala.reload()
    expect(ala.locator("#feedback")).to_contain_text("Answer received")
    order_oldest_first(bob)
    received(bob)
    order_oldest_first(third)
    received(third)
    closed(host, 5)

    # 6. A poll: no right answer, no points.
    next_question(host, 6)
    for page in (ala, bob, third):
        pick(page, "Yes")
        received(page)
    closed(host, 6)
    expect(host.locator(".no-right-answer")).to_be_visible()

    # 7. Word cloud: answers reach the room once the host approves them.
    next_question(host, 7)
    for page, word in ((ala, "freedom"), (bob, "vote"), (third, "freedom")):
        page.get_by_label("Your answer").fill(word)
        page.get_by_role("button", name="Send the answer").click()
        received(page)
    closed(host, 7)
    expect(host.locator("#pending-list li")).to_have_count(3)
    host.get_by_role("button", name="Show the answer of Ala to the room").click()
    expect(host.locator(".word-cloud")).to_contain_text("freedom")

    # The last leaderboard, then the podium.
    host_press(host, "Next")
    expect(host.locator("#phase")).to_contain_text("leaderboard")
    host_press(host, "Next")
    expect(host.locator("#phase")).to_contain_text("The game has ended")
    expect(host.locator(".podium")).to_contain_text("Ala")
    assert_accessible(host)

    session = LiveSession.objects.get(quiz=quiz)
    scores = dict(
        Player.objects.filter(session=session).values_list("nickname", "score")
    )
    assert scores["Ala"] > scores["Bob"] > 0
    expect(ala.locator(".final-place")).to_contain_text("You finished in place 1")
    expect(bob.locator(".final-place")).to_contain_text(f"with {scores['Bob']} points")
    assert_accessible(bob)

    host.get_by_role("link", name="See the results").click()
    expect(host.locator("table")).to_contain_text("Ala")
    assert_accessible(host)
    leave(ala, bob, third)


def seconds_left(page) -> int:
    return int(re.search(r"\d+", page.locator(".countdown").inner_text()).group())


def test_the_host_locks_pauses_gives_extra_time_and_removes_a_player(new_page, daphne):
    world = make_school("Szkoła Podstawowa Zamek", suffix="e2e-lock")
    quiz = civics_quiz(world)
    host = new_page(viewport={"width": 1280, "height": 900})
    host.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    sign_in_as_staff(host, "teacher-e2e-lock")
    host.goto(f"/quizzes/{quiz.pk}/live/")
    host.get_by_role("button", name="Open the lobby").click()
    host.wait_for_url("**/host/")
    pin = host.locator("#host-pin").inner_text().strip()
    expect(host.locator("#connection")).to_have_text("Connected.")

    # A wrong PIN, and a PIN that is not six digits.
    ela = open_phone(new_page, daphne)
    wrong = "000000" if pin != "000000" else "111111"
    ela.goto(f"/play/?pin={wrong}")
    ela.get_by_label("Nickname").fill("Ela")
    ela.get_by_role("button", name="Join", exact=True).click()
    expect(ela.locator("#play-error")).to_contain_text("There is no game with this PIN")
    ela.get_by_label("Game PIN").fill("12")
    ela.get_by_role("button", name="Join", exact=True).click()
    expect(ela.locator("#play-error")).to_have_text("The PIN has 6 digits.")
    expect(ela.get_by_label("Game PIN")).to_have_attribute("aria-invalid", "true")

    # A locked lobby turns newcomers away.
    join(ela, pin, "Ela")
    fred = open_phone(new_page, daphne)
    join(fred, pin, "Fred")
    host.keyboard.press("l")
    expect(host.locator("#phase")).to_have_text("The game is closed to new players.")
    expect(host.get_by_role("button", name="Open to new players")).to_be_visible()
    late = open_phone(new_page, daphne)
    late.goto(f"/play/?pin={pin}")
    late.get_by_role("button", name="Pick a name for me").click()
    expect(late.locator("#play-error")).to_contain_text(
        "closed this game to new players"
    )
    assert_accessible(late)

    # Pause and resume; extended time for Fred shows on his phone.
    host_press(host, "Start the game")
    expect(ela.locator(".question-text")).to_have_text("Who passes laws?")
    host.keyboard.press("p")
    expect(host.locator("#phase")).to_have_text("The game is paused.")
    expect(ela.locator(".countdown")).to_contain_text("Paused")
    pick(ela, "Sejm")
    expect(ela.locator("#feedback")).to_contain_text("The game is paused")
    host_press(host, "Resume")
    expect(host.locator("#phase")).to_have_text("The game goes on.")
    expect(ela.locator(".countdown")).not_to_contain_text("Paused")
    host.get_by_label("Time for Fred").select_option("2")
    expect(host.get_by_label("Time for Fred")).to_have_value("2")
    host_press(host, "+10 seconds")
    expect(host.locator("#phase")).to_have_text("More time for this question.")
    expect(fred.locator(".countdown")).to_contain_text("s left")
    assert seconds_left(fred) > seconds_left(ela) + 60

    # Removing a player closes their game for good.
    host.once("dialog", lambda dialog: dialog.accept())
    host.get_by_role("button", name="Remove Ela").click()
    expect(ela.locator("#game-body")).to_contain_text("The host removed you")
    expect(host.locator("#player-list li")).to_have_count(1)
    ela.reload()
    expect(ela.get_by_label("Game PIN")).to_be_visible()
    expect(ela.locator("#game")).to_be_hidden()
    pick(fred, "Sejm")
    received(fred)
    closed(host, 1)
    leave(ela, fred, late)


def test_a_teacher_starts_a_library_quiz_from_a_lesson(new_page, daphne):
    from tests.quizzes.live_pages import lesson_with_quiz, make_library_quiz

    make_school("Szkoła Podstawowa Lekcja", suffix="e2e-lesson")
    lesson, _block_id = lesson_with_quiz(make_library_quiz())
    pupil_view = open_phone(new_page, daphne)
    pupil_view.goto(lesson.url)
    # The lesson is Polish, so its blocks speak Polish, whatever the visitor's
    # interface language: the pupil gets the join link, not the start button.
    block = pupil_view.locator(".block-live-quiz")
    expect(block.locator("a[href='/play/']")).to_have_count(1)
    expect(block.locator("a.button")).to_have_count(0)

    teacher = new_page(viewport={"width": 1280, "height": 900})
    teacher.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    sign_in_as_staff(teacher, "teacher-e2e-lesson")
    teacher.goto(lesson.url)
    assert_accessible(teacher)
    teacher.locator(".block-live-quiz a.button").click()
    expect(teacher.locator("h1")).to_have_text("Start a live game")
    assert_accessible(teacher)
    teacher.get_by_label("Class that plays").select_option(index=1)
    teacher.get_by_role("button", name="Copy the quiz and open the lobby").click()
    teacher.wait_for_url("**/host/")
    expect(teacher.locator("#connection")).to_have_text("Connected.")
    expect(teacher.locator("h1")).to_have_text("Konstytucja w pigułce")
