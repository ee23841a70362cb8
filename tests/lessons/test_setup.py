"""The migrations leave a site ready for lessons: locales, page trees, editorial
groups and the review workflow."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale, Site

from lessons import setup
from lessons.models import HomePage, LessonIndexPage
from tests.lessons.factories import make_lesson

pytestmark = pytest.mark.django_db


def test_polish_ukrainian_and_english_locales_exist():
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert {"pl", "uk", "en"} <= codes


def test_the_polish_home_page_is_the_root_of_the_default_site():
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.locale.language_code == "pl"


def test_each_language_has_a_home_page_and_a_lessons_index_translating_the_polish():
    homes = HomePage.objects.all()
    indexes = LessonIndexPage.objects.all()

    assert sorted(h.locale.language_code for h in homes) == ["en", "pl", "uk"]
    assert len({home.translation_key for home in homes}) == 1
    assert len({index.translation_key for index in indexes}) == 1
    for index in indexes:
        assert index.get_parent().locale_id == index.locale_id
        assert index.live


def test_editors_may_write_but_only_moderators_may_publish():
    editors = Group.objects.get(name="Editors")
    moderators = Group.objects.get(name="Moderators")

    def page_permissions(group):
        return set(
            group.page_permissions.values_list("permission__codename", flat=True)
        )

    assert {"add_page", "change_page"} <= page_permissions(editors)
    assert "publish_page" not in page_permissions(editors)
    assert "publish_page" in page_permissions(moderators)
    assert editors.permissions.filter(codename="access_admin").exists()
    assert editors.permissions.filter(codename="change_glossaryterm").exists()
    assert not editors.permissions.filter(codename="publish_glossaryterm").exists()
    assert moderators.permissions.filter(codename="publish_glossaryterm").exists()


def test_lessons_go_through_the_lesson_review_workflow_of_moderators():
    lesson = make_lesson(publish=False)

    workflow = lesson.get_workflow()

    assert workflow.name == "Lesson review"
    (task,) = [t.specific for t in workflow.tasks]
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]


def test_the_setup_adds_nothing_when_everything_exists():
    before = (HomePage.objects.count(), LessonIndexPage.objects.count())

    from django.apps import apps

    setup.ensure_all(apps)

    assert (HomePage.objects.count(), LessonIndexPage.objects.count()) == before
    assert Group.objects.filter(name="Editors").count() == 1
