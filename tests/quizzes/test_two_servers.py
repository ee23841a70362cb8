"""A whole game across two Daphne processes sharing PostgreSQL and Redis: the host
on one, the players on the other, as behind a load balancer. Every player sees
every question and the final podium."""

import uuid

import pytest

from quizzes.models import Question, QuestionKind
from tests.daphne import DaphneServer
from tests.quizzes.factories import add_question, empty_quiz, start
from tests.quizzes.sockets import session_cookie
from tests.quizzes.wsclient import QuizClient

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.services,
    pytest.mark.slow,
]

NAMES = ["Ala", "Bob", "Cyd", "Dan"]


class QuizDaphne(DaphneServer):
    """A Daphne whose channel layer is shared with the other processes of this
    test only."""

    def __init__(self, prefix: str):
        super().__init__()
        self.prefix = prefix

    def __exit__(self, *exc_info) -> None:
        super().__exit__(*exc_info)
        self.log = self.process.stderr.read().decode(errors="replace")

    def environment(self) -> dict[str, str]:
        env = super().environment()
        env.update(
            DJANGO_SETTINGS_MODULE="tests.quizzes.daphne_settings",
            QUIZ_TEST_CHANNEL_PREFIX=self.prefix,
        )
        return env


@pytest.fixture
def game(school_a):
    """A quiz of three kinds of question, a session and the host's cookie; a
    right and a wrong answer to each question, by index."""
    quiz = empty_quiz(school_a)
    add_question(quiz, QuestionKind.SINGLE, choices=["Sejm", "Court"], correct=[0])
    add_question(quiz, QuestionKind.TRUE_FALSE, correct=[1])
    add_question(quiz, QuestionKind.TYPE_ANSWER, choices=["Wisła"])
    session = start(school_a, quiz)
    right = []
    for question in Question.objects.filter(quiz=quiz).order_by("position"):
        if question.kind == QuestionKind.TYPE_ANSWER:
            right.append(({"text": "wisla"}, {"text": "Odra"}))
            continue
        good = question.choices.get(is_correct=True)
        bad = question.choices.filter(is_correct=False).first()
        right.append(({"choice": good.pk}, {"choice": bad.pk}))
    name, value = session_cookie(school_a.teacher)[1].decode().split("=", 1)
    return session, right, f"{name}={value}"


def answer_for(index, right, who):
    """Ala and Cyd answer right, Bob and Dan wrong."""
    good, bad = right[index]
    return good if who % 2 == 0 else bad


async def test_players_on_one_process_follow_a_host_on_another(game):
    session, right, cookie = game
    prefix = f"test-{uuid.uuid4().hex}"
    with QuizDaphne(prefix) as host_server, QuizDaphne(prefix) as player_server:
        host = await QuizClient.open(
            host_server.url, f"/ws/quiz/{session.pk}/host/", cookie=cookie
        )
        phones = [
            await QuizClient.open(player_server.url, f"/ws/quiz/{session.pin}/play/")
            for _ in NAMES
        ]
        try:
            await host.expect("state")
            for phone, name in zip(phones, NAMES, strict=True):
                await phone.send({"type": "join", "nickname": name})
                await phone.expect("state")
            await play(host, phones, right)
        finally:
            for client in (host, *phones):
                await client.close()

    for server in (host_server, player_server):
        assert "Exception inside application" not in server.log, server.log
        assert "Traceback" not in server.log, server.log
    for phone in phones:
        opened = [
            m["question"]["index"]
            for m in phone.received
            if m["type"] == "question_opened"
            or (m["type"] == "state" and m["phase"] == "question")
        ]
        assert sorted(set(opened)) == [0, 1, 2]
        final = next(m for m in phone.received if m["type"] == "final")
        assert [p["nickname"] for p in final["podium"]][:2] == ["Ala", "Cyd"]
        assert final["you"]["rank"] in (1, 3)


async def play(host, phones, right):
    await host.send({"type": "start"})
    for index in range(len(right)):
        for who, phone in enumerate(phones):
            opened = await phone.expect("question_opened", "state")
            assert (opened.get("question") or {}).get("index") == index
            await phone.send(
                {
                    "type": "answer",
                    "question": index,
                    "answer": answer_for(index, right, who),
                }
            )
            await phone.expect("ack")
        # Everyone answered: the question closes without waiting for the clock.
        for who, phone in enumerate(phones):
            closed = await phone.expect("question_closed", "state")
            you = closed.get("you") or closed.get("closed", {}).get("you")
            assert you["correct"] is (who % 2 == 0)
        await host.expect("question_closed")
        await host.send({"type": "next"})
        for phone in phones:
            await phone.expect("leaderboard", "state")
        await host.send({"type": "next"})
    podium = await host.expect("final")
    assert [p["nickname"] for p in podium["podium"]][:2] == ["Ala", "Cyd"]
    for phone in phones:
        await phone.expect("final", "state")
