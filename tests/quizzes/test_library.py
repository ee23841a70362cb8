"""The public quiz library: editors' drafts stay in Wagtail, teachers see and copy
only the published version, and every library question obeys the editor's rules."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from wagtail.images.models import Image
from wagtail.models import Locale

from quizzes.models import LibraryQuiz, Quiz, Visibility
from quizzes.models.library import LibraryQuestionsBlock
from quizzes.services import public_library

from .test_editor_helpers import client_for, png_bytes

pytestmark = pytest.mark.django_db

QUESTIONS = [
    (
        "single",
        {
            "text": "Who passes laws?",
            "time_limit": 20,
            "points": "1000",
            "choices": [
                {"text": "Sejm", "correct": True},
                {"text": "President", "correct": False},
            ],
        },
    ),
    (
        "true_false",
        {
            "text": "Kraków has a youth council.",
            "time_limit": 10,
            "points": "2000",
            "answer": "true",
        },
    ),
    (
        "type_answer",
        {
            "text": "Capital of Poland?",
            "time_limit": 30,
            "points": "1000",
            "accepted": ["Warszawa", "Warsaw"],
        },
    ),
    (
        "slider",
        {
            "text": "How many deputies sit in the Sejm?",
            "time_limit": 30,
            "points": "1000",
            "minimum": "0",
            "maximum": "500",
            "step": "10",
            "correct": "460",
            "tolerance": "20",
        },
    ),
    (
        "order",
        {
            "text": "Oldest first",
            "time_limit": 30,
            "points": "1000",
            "items": ["1791", "1918", "1989"],
        },
    ),
    (
        "poll",
        {"text": "Would you vote at 16?", "time_limit": 20, "options": ["Yes", "No"]},
    ),
    ("word_cloud", {"text": "One word for democracy", "time_limit": 40}),
    ("open", {"text": "What would you change in your school?", "time_limit": 60}),
    (
        "multiple",
        {
            "text": "Chambers of parliament?",
            "time_limit": 20,
            "points": "1000",
            "choices": [
                {"text": "Sejm", "correct": True},
                {"text": "Senate", "correct": True},
                {"text": "Court", "correct": False},
            ],
        },
    ),
]


def library_quiz(
    *, title="Parlament", language="en", questions=QUESTIONS, publish=True
):
    locale, _ = Locale.objects.get_or_create(language_code=language)
    item = LibraryQuiz(title=title, locale=locale, questions=questions, live=False)
    item.save()
    revision = item.save_revision()
    if publish:
        revision.publish()
        item.refresh_from_db()
    return item


# Teachers see published quizzes only ------------------------------------------------


def test_a_never_published_quiz_is_invisible_to_teachers(school_a):
    draft = library_quiz(publish=False)
    client = client_for(school_a.teacher)

    listing = client.get(reverse("quiz_list"))

    assert draft not in listing.context["library"]
    assert (
        client.get(reverse("library_quiz_detail", args=[draft.pk])).status_code == 404
    )
    assert (
        client.post(reverse("library_quiz_duplicate", args=[draft.pk])).status_code
        == 404
    )
    assert not Quiz.objects.exists()


def test_a_published_quiz_is_listed_and_readable(school_a):
    item = library_quiz()
    client = client_for(school_a.teacher)

    listing = client.get(reverse("quiz_list"))
    detail = client.get(reverse("library_quiz_detail", args=[item.pk]))

    assert list(listing.context["library"]) == [item]
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "How many deputies sit in the Sejm?" in html
    assert "From 0 to 500 in steps of 10." in html


def test_unpublished_changes_stay_hidden_until_published(school_a):
    item = library_quiz(title="Published title")
    # What an editor's saved draft leaves: a newer revision, not yet live.
    item.title = "Draft title"
    item.save()
    item.save_revision()
    item.refresh_from_db()
    assert item.has_unpublished_changes

    detail = client_for(school_a.teacher).get(
        reverse("library_quiz_detail", args=[item.pk])
    )
    copy = public_library.library_quiz_duplicate(by=school_a.teacher, library_quiz=item)

    assert detail.context["library_quiz"].title == "Published title"
    assert copy.title == "Published title"


def test_an_unpublished_quiz_disappears_from_the_library(school_a):
    item = library_quiz()
    item.unpublish()

    listing = client_for(school_a.teacher).get(reverse("quiz_list"))

    assert list(listing.context["library"]) == []


def test_the_library_filters_by_language(school_a):
    polish = library_quiz(title="Sejm", language="pl")
    library_quiz(title="Parliament", language="en")

    listing = client_for(school_a.teacher).get(reverse("quiz_list") + "?language=pl")

    assert list(listing.context["library"]) == [polish]


# Copying --------------------------------------------------------------------------


def test_a_teacher_copies_a_library_quiz_into_a_playable_quiz(school_a):
    item = library_quiz(language="pl")

    response = client_for(school_a.teacher).post(
        reverse("library_quiz_duplicate", args=[item.pk])
    )

    quiz = Quiz.objects.get()
    assert response.url == reverse("quiz_detail", args=[quiz.pk])
    assert (quiz.owner, quiz.school, quiz.language, quiz.visibility) == (
        school_a.teacher,
        school_a.school,
        "pl",
        Visibility.PRIVATE,
    )
    questions = list(quiz.questions.order_by("position"))
    assert [q.kind for q in questions] == [kind for kind, _ in QUESTIONS]
    single, true_false, typed, slider, order, poll, *_ = questions
    assert [(c.text, c.is_correct) for c in single.choices.all()] == [
        ("Sejm", True),
        ("President", False),
    ]
    assert [(c.text, c.is_correct) for c in true_false.choices.all()] == [
        ("Prawda", True),
        ("Fałsz", False),
    ]
    assert true_false.points == 2000
    assert [c.text for c in typed.choices.all()] == ["Warszawa", "Warsaw"]
    assert (slider.slider_correct, slider.slider_tolerance) == (460, 20)
    assert [c.text for c in order.choices.all()] == ["1791", "1918", "1989"]
    assert poll.points == 0
    for question in questions:
        question.spec()  # what the live game reads, for every kind


def test_a_library_image_is_copied_with_its_description(school_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = Image.objects.create(
        title="Sejm", file=ContentFile(png_bytes(size=(8, 6)), name="sejm.png")
    )
    questions = [
        (
            "open",
            {
                "text": "Describe it",
                "time_limit": 30,
                "image": image,
                "image_alt": "The Sejm hall",
            },
        )
    ]
    item = library_quiz(questions=questions)

    quiz = public_library.library_quiz_duplicate(by=school_a.teacher, library_quiz=item)

    question = quiz.questions.get()
    assert question.image_alt == "The Sejm hall"
    assert question.image.read() == image.file.open("rb").read()
    assert (
        client_for(school_a.teacher)
        .get(reverse("library_quiz_detail", args=[item.pk]))
        .status_code
        == 200
    )


def test_pupils_cannot_copy_from_the_library(school_a):
    item = library_quiz()

    with pytest.raises(Http404):
        public_library.library_quiz_duplicate(
            by=school_a.pupils[0].user, library_quiz=item
        )


def test_someone_in_no_school_cannot_copy(outsider):
    item = library_quiz()

    with pytest.raises(Http404):
        public_library.library_quiz_duplicate(by=outsider, library_quiz=item)


# Library questions obey the editor's rules ----------------------------------------


def clean(kind, value):
    block = LibraryQuestionsBlock()
    return block.clean(block.to_python([{"type": kind, "value": value}]))


def test_every_kind_of_library_question_passes_the_rules():
    block = LibraryQuestionsBlock()

    cleaned = block.clean(
        block.to_python([{"type": k, "value": v} for k, v in QUESTIONS])
    )
    assert [child.block_type for child in cleaned] == [k for k, _ in QUESTIONS]


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (
            "single",
            {
                "text": "Q",
                "time_limit": 20,
                "points": "1000",
                "choices": [
                    {"text": "A", "correct": True},
                    {"text": "B", "correct": True},
                ],
            },
            "exactly one right answer",
        ),
        (
            "multiple",
            {
                "text": "Q",
                "time_limit": 20,
                "points": "1000",
                "choices": [
                    {"text": "A", "correct": False},
                    {"text": "B", "correct": False},
                ],
            },
            "at least one right answer",
        ),
        (
            "single",
            {
                "text": "Q",
                "time_limit": 20,
                "points": "1000",
                "choices": [
                    {"text": "Same", "correct": True},
                    {"text": "same", "correct": False},
                ],
            },
            "the same",
        ),
        (
            "slider",
            {
                "text": "Q",
                "time_limit": 20,
                "points": "1000",
                "minimum": "0",
                "maximum": "10",
                "step": "3",
                "correct": "3",
            },
            "equal steps",
        ),
        (
            "slider",
            {
                "text": "Q",
                "time_limit": 20,
                "points": "1000",
                "minimum": "10",
                "maximum": "0",
                "step": "1",
                "correct": "3",
            },
            "below the highest",
        ),
    ],
)
def test_a_library_question_breaking_a_rule_is_refused(kind, value, message):
    with pytest.raises(ValidationError) as refused:
        clean(kind, value)

    errors = refused.value.block_errors[0]
    assert message in " ".join(e.message for e in errors.non_block_errors.as_data())


def test_a_library_image_needs_a_description(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = Image.objects.create(title="x", file=ContentFile(png_bytes(), name="x.png"))

    with pytest.raises(ValidationError) as refused:
        clean(
            "open", {"text": "Q", "time_limit": 20, "image": image.pk, "image_alt": ""}
        )

    assert "image_alt" in refused.value.block_errors[0].block_errors


def test_a_time_limit_out_of_range_is_refused_by_the_block():
    with pytest.raises(ValidationError):
        clean("open", {"text": "Q", "time_limit": 500})


# The Wagtail admin ------------------------------------------------------------------


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="pass-for-tests-1"
    )


def test_editors_find_the_library_in_the_cms_menu_list_and_search(client, editor):
    library_quiz(title="Konstytucja", language="pl")
    library_quiz(title="Parliament", language="en")
    client.force_login(editor)

    home = client.get("/cms/")
    index = reverse("wagtailsnippets_quizzes_libraryquiz:list")
    listing = client.get(index)
    searched = client.get(index, {"q": "Konstytucja"})
    filtered = client.get(index, {"locale": "en"})
    added = client.get(reverse("wagtailsnippets_quizzes_libraryquiz:add"))

    assert index in home.content.decode()
    assert listing.status_code == 200
    assert "Konstytucja" in searched.content.decode()
    assert "Parliament" not in searched.content.decode()
    assert "Konstytucja" not in filtered.content.decode()
    assert added.status_code == 200


def admin_form(title, choices, *, action):
    """The CMS form of a library quiz with one single-choice question."""
    data = {
        "title": title,
        "description": "",
        "questions-count": "1",
        "questions-0-type": "single",
        "questions-0-deleted": "",
        "questions-0-order": "0",
        "questions-0-id": "",
        "questions-0-value-text": "Who passes laws?",
        "questions-0-value-image": "",
        "questions-0-value-image_alt": "",
        "questions-0-value-time_limit": "20",
        "questions-0-value-points": "1000",
        "questions-0-value-choices-count": str(len(choices)),
    }
    for i, (text, correct) in enumerate(choices):
        prefix = f"questions-0-value-choices-{i}"
        data.update(
            {
                f"{prefix}-deleted": "",
                f"{prefix}-order": str(i),
                f"{prefix}-id": "",
                f"{prefix}-value-text": text,
            }
        )
        if correct:
            data[f"{prefix}-value-correct"] = "on"
    if action == "publish":
        data["action-publish"] = "action-publish"
    return data


def test_an_editor_saves_a_draft_then_publishes_through_the_cms(
    client, editor, school_a
):
    client.force_login(editor)
    add = reverse("wagtailsnippets_quizzes_libraryquiz:add") + "?locale=en"

    refused = client.post(
        add, admin_form("Laws", [("Sejm", False), ("President", False)], action="draft")
    )
    drafted = client.post(
        add, admin_form("Laws", [("Sejm", True), ("President", False)], action="draft")
    )
    item = LibraryQuiz.objects.get()
    hidden = client_for(school_a.teacher).get(reverse("quiz_list")).context["library"]
    client.post(
        reverse("wagtailsnippets_quizzes_libraryquiz:edit", args=[item.pk]),
        admin_form("Laws", [("Sejm", True), ("President", False)], action="publish"),
    )
    shown = client_for(school_a.teacher).get(reverse("quiz_list")).context["library"]

    assert refused.status_code == 200
    error = refused.context["form"].errors.as_data()["questions"][0]
    struct_error = error.block_errors[0]
    with translation.override("pl"):  # the CMS speaks the site's language
        expected = translation.gettext("Mark exactly one right answer.")
    assert [e.message for e in struct_error.non_block_errors.as_data()] == [expected]
    assert drafted.status_code == 302
    assert list(hidden) == []
    assert [i.title for i in shown] == ["Laws"]


def test_cms_editors_write_library_quizzes_and_moderators_publish_them(db):
    from django.apps import apps
    from django.contrib.auth.models import Group

    from lessons import setup

    # What the rebuild after a flush (between browser tests) runs: the groups it
    # recreates must get these rights too, as the migration gave them.
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    setup.ensure_all(apps)

    editors = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__model="libraryquiz")
        .values_list("codename", flat=True)
    )
    moderators = set(
        Group.objects.get(name="Moderators")
        .permissions.filter(content_type__model="libraryquiz")
        .values_list("codename", flat=True)
    )

    assert editors == {"add_libraryquiz", "change_libraryquiz"}
    assert moderators == {
        "add_libraryquiz",
        "change_libraryquiz",
        "delete_libraryquiz",
        "publish_libraryquiz",
    }


def test_teachers_search_the_library_by_words(school_a):
    library_quiz(title="Youth council of Kraków")
    library_quiz(title="Parliament")

    page = client_for(school_a.teacher).get(
        reverse("quiz_list"), {"q": "kraków COUNCIL"}
    )

    assert [item.title for item in page.context["library"]] == [
        "Youth council of Kraków"
    ]
