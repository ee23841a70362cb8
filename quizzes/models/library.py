"""The public quiz library: quizzes editors write, review and publish in Wagtail, in
each language, for every teacher to copy into "my quizzes".

A library quiz is a snippet with drafts, revisions and translations. Its questions
are a StreamField with one block per kind of question; each block checks its
question with the same rules as the editor (:func:`quizzes.services.editing.
question_check`), so every published question can be copied and played. Teachers
see only the live (published) version.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import DraftStateMixin, RevisionMixin, TranslatableMixin
from wagtail.search import index

from quizzes.engine.questions import (
    MAX_TIME_LIMIT,
    MIN_TIME_LIMIT,
    POINTS_DOUBLE,
    POINTS_NONE,
    POINTS_STANDARD,
)
from quizzes.models.content import QuestionKind

POINT_CHOICES = [
    (str(POINTS_NONE), _("No points")),
    (str(POINTS_STANDARD), _("Standard (1000)")),
    (str(POINTS_DOUBLE), _("Double (2000)")),
]
# Rule codes of the content services, and the child block each one is about.
ERROR_BLOCKS = {"text": "text", "time_limit": "time_limit", "points": "points"}


class QuestionBlock(blocks.StructBlock):
    """What every question has; a subclass per kind adds its answers."""

    kind: str = ""

    text = blocks.CharBlock(label=_("Question"), max_length=500)
    image = ImageChooserBlock(label=_("Image"), required=False)
    image_alt = blocks.CharBlock(
        label=_("Image description"),
        max_length=250,
        required=False,
        help_text=_("What the image shows, for pupils who cannot see it."),
    )
    time_limit = blocks.IntegerBlock(
        label=_("Time limit (seconds)"),
        min_value=MIN_TIME_LIMIT,
        max_value=MAX_TIME_LIMIT,
        default=20,
    )

    class Meta:
        icon = "help"

    def answers(self, value) -> dict:
        """Returns the kind's answers as keywords of ``question_add``."""
        return {}

    def question_fields(self, value) -> dict:
        """Returns the block as keywords of ``question_add`` (without the image)."""
        points = value.get("points")
        return {
            "kind": self.kind,
            "text": value["text"] or "",
            "time_limit": value["time_limit"],
            "points": None if points in (None, "") else int(points),
            **self.answers(value),
        }

    def clean(self, value):
        value = super().clean(value)
        from quizzes.services.editing import question_check

        try:
            question_check(language="en", **self.question_fields(value))
        except ValidationError as error:
            name = ERROR_BLOCKS.get(getattr(error, "code", None) or "")
            if name in self.child_blocks:
                raise StructBlockValidationError(block_errors={name: error}) from None
            raise StructBlockValidationError(non_block_errors=[error]) from None
        if value.get("image") and not (value.get("image_alt") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "image_alt": ValidationError(
                        _("Describe the image for pupils who cannot see it.")
                    )
                }
            )
        return value


class ScoredQuestionBlock(QuestionBlock):
    points = blocks.ChoiceBlock(
        label=_("Points"), choices=POINT_CHOICES, default=str(POINTS_STANDARD)
    )


class ChoiceItemBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=200)
    correct = blocks.BooleanBlock(label=_("Right answer"), required=False)

    class Meta:
        icon = "tick"


def _choices_block(label):
    return blocks.ListBlock(ChoiceItemBlock(), label=label, min_num=2, max_num=6)


def _texts_block(label, child_label, *, min_num, max_num, max_length=200):
    return blocks.ListBlock(
        blocks.CharBlock(label=child_label, max_length=max_length),
        label=label,
        min_num=min_num,
        max_num=max_num,
    )


def _choice_answers(value) -> dict:
    items = list(value["choices"])
    return {
        "choices": [item["text"] for item in items],
        "correct": [i for i, item in enumerate(items) if item["correct"]],
    }


class SingleChoiceBlock(ScoredQuestionBlock):
    kind = QuestionKind.SINGLE
    choices = _choices_block(_("Answers (mark one right answer)"))

    class Meta:
        icon = "radio-full"
        label = _("Single choice")

    def answers(self, value):
        return _choice_answers(value)


class MultipleChoiceBlock(ScoredQuestionBlock):
    kind = QuestionKind.MULTIPLE
    choices = _choices_block(_("Answers (mark every right answer)"))

    class Meta:
        icon = "tasks"
        label = _("Multiple choice")

    def answers(self, value):
        return _choice_answers(value)


class TrueFalseBlock(ScoredQuestionBlock):
    kind = QuestionKind.TRUE_FALSE
    answer = blocks.ChoiceBlock(
        label=_("The statement is"),
        choices=[("true", _("True")), ("false", _("False"))],
        default="true",
    )

    class Meta:
        icon = "check"
        label = _("True or false")

    def answers(self, value):
        return {"correct": [0 if value["answer"] == "true" else 1]}


class TypeAnswerBlock(ScoredQuestionBlock):
    kind = QuestionKind.TYPE_ANSWER
    accepted = _texts_block(
        _("Accepted answers"), _("Accepted answer"), min_num=1, max_num=10
    )

    class Meta:
        icon = "edit"
        label = _("Type the answer")

    def answers(self, value):
        return {"choices": list(value["accepted"])}


def _number(label, **options):
    return blocks.DecimalBlock(label=label, max_digits=12, decimal_places=4, **options)


class SliderBlock(ScoredQuestionBlock):
    kind = QuestionKind.SLIDER
    minimum = _number(_("Lowest value"))
    maximum = _number(_("Highest value"))
    step = _number(_("Step"))
    correct = _number(_("Right value"))
    tolerance = _number(
        _("Tolerance"),
        required=False,
        help_text=_("Answers this far from the right value still count."),
    )

    class Meta:
        icon = "minus"
        label = _("Number on a slider")

    def answers(self, value):
        from quizzes.services.content import SliderInput

        numbers = [value.get(k) for k in ("minimum", "maximum", "step", "correct")]
        if any(n is None for n in numbers):
            return {"slider": None}
        return {"slider": SliderInput(*numbers, tolerance=value.get("tolerance") or 0)}


class OrderBlock(ScoredQuestionBlock):
    kind = QuestionKind.ORDER
    items = _texts_block(
        _("Items, in the right order"), _("Item"), min_num=2, max_num=6
    )

    class Meta:
        icon = "list-ol"
        label = _("Put in order")

    def answers(self, value):
        return {"choices": list(value["items"])}


class PollBlock(QuestionBlock):
    kind = QuestionKind.POLL
    options = _texts_block(_("Options"), _("Option"), min_num=2, max_num=6)

    class Meta:
        icon = "list-ul"
        label = _("Poll")

    def answers(self, value):
        return {"choices": list(value["options"])}


class WordCloudBlock(QuestionBlock):
    kind = QuestionKind.WORD_CLOUD

    class Meta:
        icon = "openquote"
        label = _("Word cloud")


class OpenAnswerBlock(QuestionBlock):
    kind = QuestionKind.OPEN

    class Meta:
        icon = "comment"
        label = _("Open answer")


class LibraryQuestionsBlock(blocks.StreamBlock):
    single = SingleChoiceBlock()
    multiple = MultipleChoiceBlock()
    true_false = TrueFalseBlock()
    type_answer = TypeAnswerBlock()
    slider = SliderBlock()
    order = OrderBlock()
    poll = PollBlock()
    word_cloud = WordCloudBlock()
    open = OpenAnswerBlock()

    class Meta:
        min_num = 1
        max_num = 100


class LibraryQuiz(
    DraftStateMixin, RevisionMixin, TranslatableMixin, index.Indexed, models.Model
):
    """A ready-made quiz for every school, in one language (translations share a
    ``translation_key``)."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences for teachers: topic, grade, how long."),
    )
    questions = StreamField(LibraryQuestionsBlock(), verbose_name=_("questions"))
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="library_quiz"
    )

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.FilterField("locale"),
        index.FilterField("live"),
    ]
    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("questions")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["title"]
        verbose_name = _("library quiz")
        verbose_name_plural = _("library quizzes")

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    @property
    def language(self) -> str:
        return self.locale.language_code
