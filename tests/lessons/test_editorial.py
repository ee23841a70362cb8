"""Editors write lessons and glossary terms in the CMS, moderators approve and
publish them through the "Lesson review" workflow, translators copy them into
another language, and scheduled lessons go live through publish_scheduled."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lessons.models import LessonPage
from tests.lessons.factories import lessons_index, locale, make_lesson, make_term

pytestmark = pytest.mark.django_db


def member_of(group_name: str, username: str):
    user = get_user_model().objects.create_user(username, password="pass-for-tests-1")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor():
    return member_of("Editors", "editor")


@pytest.fixture
def moderator():
    return member_of("Moderators", "moderator")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_lesson_submitted_by_an_editor_is_published_once_a_moderator_approves(
    editor, moderator
):
    lesson = make_lesson(publish=False)
    revision = lesson.save_revision(user=editor)
    workflow_state = lesson.get_workflow().start(lesson, editor)
    task_state = workflow_state.current_task_state.specific
    task = task_state.task.specific

    assert not LessonPage.objects.get(pk=lesson.pk).live
    assert task.get_actions(lesson, editor) == []
    assert [name for name, *_ in task.get_actions(lesson, moderator)][:2] == [
        "reject",
        "approve",
    ]

    task.on_action(task_state, moderator, "approve")

    lesson.refresh_from_db()
    assert lesson.live
    assert lesson.live_revision_id == revision.pk


def test_a_lesson_scheduled_for_later_goes_live_with_publish_scheduled():
    lesson = make_lesson(publish=False)
    go_live = timezone.now() + timedelta(days=1)
    lesson.go_live_at = go_live
    lesson.save_revision().publish()

    call_command("publish_scheduled")
    lesson.refresh_from_db()
    assert not lesson.live

    # The cron job runs again the next day.
    with mock.patch("django.utils.timezone.now", return_value=go_live + timedelta(1)):
        call_command("publish_scheduled")

    lesson.refresh_from_db()
    assert lesson.live


def test_an_editor_opens_the_lesson_editor_and_the_glossary(editor):
    client = client_for(editor)
    index = lessons_index("pl")

    new_lesson = client.get(
        reverse("wagtailadmin_pages:add", args=["lessons", "lessonpage", index.pk])
    )
    glossary = client.get(reverse("wagtailsnippets_lessons_glossaryterm:list"))
    topics = client.get(reverse("wagtailsnippets_lessons_topic:list"))

    assert new_lesson.status_code == 200
    assert glossary.status_code == 200
    assert topics.status_code == 200


def test_an_editor_cannot_publish_a_glossary_term_but_a_moderator_can(
    editor, moderator
):
    term = make_term(live=False)
    address = reverse("wagtailsnippets_lessons_glossaryterm:edit", args=[term.pk])

    editor_page = client_for(editor).get(address).content.decode()
    moderator_page = client_for(moderator).get(address).content.decode()

    assert 'name="action-publish"' not in editor_page
    assert 'name="action-publish"' in moderator_page


def test_an_editor_copies_a_lesson_into_ukrainian_for_translation(editor):
    lesson = make_lesson(slug="demokracja")

    response = client_for(editor).post(
        reverse("simple_translation:submit_page_translation", args=[lesson.pk]),
        {"locales": [locale("uk").pk]},
    )

    assert response.status_code == 302
    copy = LessonPage.objects.get(locale__language_code="uk")
    assert copy.translation_key == lesson.translation_key
    assert copy.get_parent().locale.language_code == "uk"


def test_a_glossary_term_can_be_previewed_before_it_is_published(rf):
    term = make_term(live=False)

    response = term.serve_preview(rf.get("/"), "")

    assert response.status_code == 200
    assert "<dfn>Metoda D&#x27;Hondta</dfn>" in response.rendered_content
