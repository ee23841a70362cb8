"""The sitting pages without JavaScript: forms post, refusals are shown as
messages, and the state is also available as JSON."""

import pytest
from django.test import Client
from django.urls import reverse

from simulations.models import Motion, VoteParticipation
from simulations.services import sittings as services

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_a_member_votes_with_the_plain_form_and_cannot_vote_twice(sitting_a):
    motion = services.motion_add(
        by=sitting_a.chair, sitting=sitting_a.sitting, title="Ławki", text="Tekst."
    )
    vote = services.vote_open(by=sitting_a.chair, kind="open", motion=motion)
    phone = client_for(sitting_a.member(1))
    address = reverse("sitting_member_act", args=[sitting_a.sitting.pk])

    first = phone.post(
        address, {"action": "vote", "vote": vote.pk, "choice": "for"}, follow=True
    )
    assert "Your vote has been counted." in first.content.decode()
    second = phone.post(
        address, {"action": "vote", "vote": vote.pk, "choice": "against"}, follow=True
    )
    assert "You have already voted; a member votes once." in second.content.decode()
    assert VoteParticipation.objects.filter(vote=vote).count() == 1


def test_the_chair_is_told_why_a_motion_vote_waits(sitting_a):
    motion = services.motion_add(
        by=sitting_a.chair, sitting=sitting_a.sitting, title="Ławki", text="Tekst."
    )
    services.amendment_add(by=sitting_a.chair, motion=motion, old_text="", new_text="X")
    chair = client_for(sitting_a.chair)
    response = chair.post(
        reverse("sitting_act", args=[sitting_a.sitting.pk]),
        {"action": "vote_open", "motion": motion.pk, "kind": "open"},
        follow=True,
    )
    assert "while an amendment to it is pending" in response.content.decode()
    assert Motion.objects.get(pk=motion.pk).state == "draft"


def test_actions_answer_json_when_asked(sitting_a):
    chair = client_for(sitting_a.chair)
    response = chair.post(
        reverse("sitting_act", args=[sitting_a.sitting.pk]),
        {"action": "motion_add", "title": "", "text": "", "majority": "simple"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["ok"] is False


def test_the_state_is_available_as_json(sitting_a):
    response = client_for(sitting_a.member(1)).get(
        reverse("sitting_state", args=[sitting_a.sitting.pk])
    )
    state = response.json()
    assert state["present"] == 5
    assert state["me"]["present"] is True
    assert state["chair"] is False


def test_the_projector_shows_the_quorum_and_the_countdown(sitting_a):
    services.speaker_request(by=sitting_a.member(2), sitting=sitting_a.sitting)
    services.speaker_give_floor(
        by=sitting_a.chair, sitting=sitting_a.sitting, seat=sitting_a.seats[2]
    )
    page = client_for(sitting_a.chair).get(
        reverse("sitting_projector", args=[sitting_a.sitting.pk])
    )
    html = page.content.decode()
    assert "5 of 5 present; the quorum is 3" in html
    assert 'role="timer"' in html
    assert "3:00" in html or "2:59" in html
