"""The StreamField blocks of a lesson's body.

Each block has its own template in ``templates/lessons/blocks/`` and a preview value
for the block picker. Values are stored as Wagtail's usual JSON; the shapes are:

- ``heading``: a string; ``paragraph`` and ``teacher_notes``: rich-text HTML.
- ``image``: ``{"image": {"image": <image id>, "decorative": false, "alt_text": ""},
  "caption": ""}``.
- ``video``: an embed URL.
- ``key_term``: the id of a :class:`lessons.models.GlossaryTerm`.
- ``activity``: ``{"title", "steps": [str], "minutes", "materials": [str],
  "grouping"}``; ``discussion_question``: ``{"question", "hint"}``; ``quote``:
  ``{"text", "attribution", "source"}``.
- ``worksheet``: ``{"document": <document id>, "title", "description"}``.
- ``election_preset``: ``{"preset": <key of PRESETS>, "intro"}``.
- ``live_quiz``: ``{"quiz": <id of a quizzes.LibraryQuiz>, "intro"}``.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from lessons import elections

PREVIEW_TEMPLATE = "lessons/blocks/preview.html"
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class Grouping(blocks.ChoiceBlock):
    """How pupils work in an activity."""

    choices = [
        ("individual", _("Individually")),
        ("pairs", _("In pairs")),
        ("groups", _("In groups")),
        ("whole_class", _("As a whole class")),
    ]

    class Meta:
        icon = "group"


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "lessons/blocks/heading.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = _("How a law is made")
        description = _("A section heading of the lesson.")


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "lessons/blocks/paragraph.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(
            lambda: format_html(
                "<p>{}</p>",
                _("In a democracy, citizens choose the people who make laws for them."),
            )
        )
        description = _("Text with simple formatting and links.")


# The renditions lessons/blocks/image.html asks for, fetched with the images.
BODY_IMAGE_RENDITIONS = ("width-800", "width-800|preserve-svg")


class PrefetchingImageChooserBlock(ImageChooserBlock):
    """Fetches the chosen images with their renditions, so a lesson with many
    images still needs one query for them all."""

    def bulk_to_python(self, values):
        values = list(values)
        images = self.model_class.objects.prefetch_renditions(
            *BODY_IMAGE_RENDITIONS
        ).in_bulk([value for value in values if value is not None])
        return [images.get(value) for value in values]


class LessonImageBlock(ImageBlock):
    """Wagtail's ImageBlock (image, decorative, alt text) with its renditions
    fetched in bulk. It is stored and migrated as an ImageBlock."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        chooser = PrefetchingImageChooserBlock(required=required)
        chooser.set_name("image")
        self.child_blocks["image"] = chooser


class FigureBlock(blocks.StructBlock):
    """An image with alt text (Wagtail's ImageBlock) and an optional caption."""

    image = LessonImageBlock()
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "lessons/blocks/image.html"
        preview_template = PREVIEW_TEMPLATE
        description = _(
            "A picture with a text alternative for people who cannot see it."
        )

    def get_preview_value(self):
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("pk").first()
        if image is None:
            return self.get_default()
        image.contextual_alt_text = image.default_alt_text or image.title
        image.decorative = False
        return self.normalize({"image": image, "caption": image.title})


class VideoBlock(EmbedBlock):
    class Meta:
        icon = "media"
        label = _("Video")
        template = "lessons/blocks/video.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = "https://www.youtube.com/watch?v=7MTx2nX8tEQ"
        description = _("A video from YouTube or Vimeo, embedded in the lesson.")


class KeyTermBlock(SnippetChooserBlock):
    """A glossary term explained where it appears, and again in the glossary."""

    def __init__(self, **kwargs):
        super().__init__("lessons.GlossaryTerm", **kwargs)

    class Meta:
        icon = "help"
        label = _("Key term")
        template = "lessons/blocks/key_term.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A term from the glossary, explained in place.")

    def get_preview_value(self):
        return self.target_model.objects.filter(live=True).order_by("pk").first()


class ActivityBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    steps = blocks.ListBlock(blocks.CharBlock(label=_("Step")), label=_("Steps"))
    minutes = blocks.IntegerBlock(
        required=False, min_value=1, max_value=240, label=_("Minutes")
    )
    materials = blocks.ListBlock(
        blocks.CharBlock(label=_("Material")),
        min_num=0,
        default=[],
        label=_("Materials"),
    )
    grouping = Grouping(default="groups", label=_("Grouping"))

    class Meta:
        icon = "tasks"
        label = _("Activity")
        template = "lessons/blocks/activity.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": _("Class vote on a trip"),
            "steps": [
                _("Collect three proposals for a class trip."),
                _("Each pupil votes for one on a paper ballot."),
                _("Count the votes together and announce the result."),
            ],
            "minutes": 15,
            "materials": [_("Paper ballots"), _("A box")],
            "grouping": "whole_class",
        }
        description = _("Something pupils do: steps, time, materials and grouping.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["grouping_label"] = dict(Grouping.choices).get(value["grouping"])
        return context


class DiscussionQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    hint = blocks.TextBlock(required=False, label=_("Hint for the teacher"))

    class Meta:
        icon = "comment"
        label = _("Discussion question")
        template = "lessons/blocks/discussion_question.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "question": _("Should pupils have a say in the school's rules?"),
            "hint": _("Ask for one argument for and one against."),
        }
        description = _("A question for the class to discuss.")

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        request = (context or {}).get("request")
        if not (context or {}).get("show_teacher_notes") and not _sees_notes(request):
            data.pop("hint", None)
        return data

    def get_preview_context(self, value, parent_context=None):
        # The block picker is for editors, who may see the teacher's hint.
        return {**(parent_context or {}), "show_teacher_notes": True}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Text"))
    attribution = blocks.CharBlock(label=_("Attribution"))
    source = blocks.CharBlock(required=False, label=_("Source"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "lessons/blocks/quote.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "text": "Władza zwierzchnia w Rzeczypospolitej Polskiej należy do Narodu.",
            "attribution": _("Constitution of the Republic of Poland"),
            "source": _("Article 4(1)"),
        }
        description = _("A quotation with who said or wrote it, and where.")


class WorksheetBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("File"))
    title = blocks.CharBlock(label=_("Title"))
    description = blocks.TextBlock(required=False, label=_("Description"))

    class Meta:
        icon = "doc-full"
        label = _("Worksheet")
        template = "lessons/blocks/worksheet.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A file to download and print, such as a worksheet.")

    def get_preview_value(self):
        from wagtail.documents import get_document_model

        document = get_document_model().objects.order_by("pk").first()
        return self.normalize(
            {
                "document": document,
                "title": _("Worksheet: my class's rules"),
                "description": _("One page for each pupil."),
            }
        )


class ElectionPresetBlock(blocks.StructBlock):
    """A real Polish electoral system, its rules and a worked example computed live
    by ``simulations.voting``."""

    preset = blocks.ChoiceBlock(choices=elections.preset_choices, label=_("System"))
    intro = blocks.TextBlock(required=False, label=_("Introduction"))

    class Meta:
        icon = "list-ol"
        label = _("Election rules")
        template = "lessons/blocks/election_preset.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "preset": "sejm",
            "intro": _("How votes become seats in the Sejm."),
        }
        description = _(
            "The rules of a real Polish election, with a worked example of the count."
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["election"] = elections.explain(value["preset"])
        return context


class LiveQuizBlock(blocks.StructBlock):
    """A quiz from the quiz library to play live in class: teachers get a button
    that starts a game of their own copy, pupils a hint on how to join."""

    quiz = SnippetChooserBlock("quizzes.LibraryQuiz", label=_("Quiz"))
    intro = blocks.TextBlock(required=False, label=_("Introduction"))

    class Meta:
        icon = "pick"
        label = _("Live quiz")
        template = "lessons/blocks/live_quiz.html"
        preview_template = PREVIEW_TEMPLATE
        description = _(
            "A quiz from the library that the teacher runs live on the projector."
        )

    def get_preview_value(self):
        from quizzes.models import LibraryQuiz

        quiz = LibraryQuiz.objects.filter(live=True).order_by("pk").first()
        return self.normalize(
            {"quiz": quiz, "intro": _("Check what the class remembers.")}
        )

    def get_preview_context(self, value, parent_context=None):
        # The block picker is for editors, who see it as teachers do.
        return {**(parent_context or {}), "show_teacher_notes": True}


class TeacherNotesBlock(blocks.RichTextBlock):
    """Notes for the teacher: shown to staff only, never to pupils or visitors."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "user"
        label = _("Teacher notes")
        template = "lessons/blocks/teacher_notes.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(
            lambda: format_html(
                "<p>{}</p>",
                _("Pupils often confuse the Sejm and the Senate: draw both."),
            )
        )
        description = _("Advice for the teacher. Pupils and visitors never see it.")

    def get_searchable_content(self, value):
        # Kept out of the search index: a pupil's search must not match it.
        return []

    def get_preview_context(self, value, parent_context=None):
        # The block picker is for editors, who may see the notes.
        return {**(parent_context or {}), "show_teacher_notes": True}


def _sees_notes(request) -> bool:
    from lessons.selectors import sees_teacher_notes

    return request is not None and sees_teacher_notes(request.user)


class LessonBodyBlock(blocks.StreamBlock):
    """The content of a lesson. Teacher notes are left out of the API's
    representation for anyone who may not see them."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    video = VideoBlock()
    key_term = KeyTermBlock()
    activity = ActivityBlock()
    discussion_question = DiscussionQuestionBlock()
    quote = QuoteBlock()
    worksheet = WorksheetBlock()
    election_preset = ElectionPresetBlock()
    live_quiz = LiveQuizBlock()
    teacher_notes = TeacherNotesBlock()

    def get_api_representation(self, value, context=None):
        if not _sees_notes((context or {}).get("request")):
            value = [child for child in value if child.block_type != "teacher_notes"]
        return super().get_api_representation(value, context)


class ObjectivesBlock(blocks.StreamBlock):
    objective = blocks.CharBlock(
        max_length=250, icon="tick", label=_("Learning objective")
    )
