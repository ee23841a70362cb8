"""Forms of the quiz editor. They check the shape of the input (numbers are numbers,
a file is an image); the rules of a good question live in the content services, and
:meth:`QuestionForm.add_service_error` puts their messages next to the field.

The question form works without JavaScript: it has every field of every kind, and
only the fields of the chosen kind are read. ``static/quizzes/editor.js`` hides the
others.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from quizzes.engine.questions import MAX_TIME_LIMIT, MIN_TIME_LIMIT
from quizzes.models import Points, Question, QuestionKind, Visibility
from quizzes.services.content import MAX_ACCEPTED, SliderInput

ANSWER_ROWS = MAX_ACCEPTED
IMAGE_MAX_BYTES = 2_000_000
IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
IMPORT_MAX_BYTES = 1_000_000
CHOICE_KINDS = [QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.POLL]
ANSWER_KINDS = [*CHOICE_KINDS, QuestionKind.ORDER, QuestionKind.TYPE_ANSWER]
CORRECT_KINDS = [QuestionKind.SINGLE, QuestionKind.MULTIPLE]
UNSCORED_KINDS = [QuestionKind.POLL, QuestionKind.WORD_CLOUD, QuestionKind.OPEN]
SCORED_KINDS = [k for k in QuestionKind.values if k not in UNSCORED_KINDS]
SLIDER_FIELDS = ["slider_min", "slider_max", "slider_step", "slider_correct"]
# The field a content-service rule is about (its ValidationError code).
SERVICE_FIELDS = {
    "title": "title",
    "language": "language",
    "visibility": "visibility",
    "kind": "kind",
    "text": "text",
    "time_limit": "time_limit",
    "points": "points",
    "choices": "answer_1",
    "slider": "slider_min",
}
KIND_HELP = {
    QuestionKind.SINGLE: _("Give 2 to 6 answers and tick the one right answer."),
    QuestionKind.MULTIPLE: _("Give 2 to 6 answers and tick every right answer."),
    QuestionKind.TRUE_FALSE: _("Write a statement; say whether it is true or false."),
    QuestionKind.TYPE_ANSWER: _(
        "Give 1 to 10 answers to accept. Capitals, accents and extra spaces do not "
        "matter."
    ),
    QuestionKind.SLIDER: _("Pupils pick a number on a slider."),
    QuestionKind.ORDER: _(
        "Give 2 to 6 items in the right order; pupils see them shuffled."
    ),
    QuestionKind.POLL: _("Give 2 to 6 options. A poll has no right answer."),
    QuestionKind.WORD_CLOUD: _("Pupils answer with a word or two; no points."),
    QuestionKind.OPEN: _("Pupils write a short answer; no points."),
}


def kind_list(kinds) -> str:
    """The kinds a part of the form is for, as a ``data-kinds`` attribute value."""
    return " ".join(str(kind) for kind in kinds)


class QuizForm(forms.Form):
    """A quiz's title, language and sharing; the school only when the user has
    several to choose from."""

    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language of the quiz"),
        choices=settings.LANGUAGES,
        help_text=_("The language pupils read the questions in."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Visibility.choices,
        initial=Visibility.SCHOOL,
        widget=forms.RadioSelect,
        help_text=_(
            "Colleagues at your school can run and copy a shared quiz; only you "
            "can change it."
        ),
    )
    school = forms.ModelChoiceField(label=_("School"), queryset=None)

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is None or schools.count() < 2:
            del self.fields["school"]
        else:
            self.fields["school"].queryset = schools


class SchoolChoiceForm(forms.Form):
    """The school a copy goes to, asked only of people in several schools."""

    school = forms.ModelChoiceField(label=_("Copy into the quizzes of"), queryset=None)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        if schools.count() < 2:
            del self.fields["school"]
        else:
            self.fields["school"].queryset = schools


def _answer_field(number):
    return forms.CharField(
        label=_("Answer %(number)d") % {"number": number},
        max_length=200,
        required=False,
    )


def _correct_field(number):
    return forms.BooleanField(
        label=_("Answer %(number)d is right") % {"number": number},
        required=False,
    )


def _slider_field(label, **options):
    return forms.DecimalField(
        label=label, max_digits=12, decimal_places=4, required=False, **options
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    text = forms.CharField(
        label=_("Question"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    true_false = forms.ChoiceField(
        label=_("The statement is"),
        choices=[("true", _("True")), ("false", _("False"))],
        required=False,
        widget=forms.RadioSelect,
    )
    slider_min = _slider_field(_("Lowest value"))
    slider_max = _slider_field(_("Highest value"))
    slider_step = _slider_field(_("Step"))
    slider_correct = _slider_field(_("Right value"))
    slider_tolerance = _slider_field(
        _("Tolerance"),
        help_text=_("Answers this far from the right value still count. Empty: 0."),
    )
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=MIN_TIME_LIMIT,
        max_value=MAX_TIME_LIMIT,
        initial=20,
    )
    points = forms.TypedChoiceField(
        label=_("Points"),
        choices=Points.choices,
        coerce=int,
        initial=Points.STANDARD,
        help_text=_("Polls, word clouds and open answers give no points."),
    )
    image = forms.ImageField(
        label=_("Image (optional)"),
        required=False,
        help_text=_("JPEG, PNG, GIF or WebP, up to 2 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )
    image_alt = forms.CharField(
        label=_("Image description"),
        max_length=250,
        required=False,
        help_text=_("What the image shows, for pupils who cannot see it."),
    )
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)

    def __init__(self, *args, question: Question | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, ANSWER_ROWS + 1):
            self.fields[f"answer_{number}"] = _answer_field(number)
            self.fields[f"correct_{number}"] = _correct_field(number)
        self.fields["time_limit"].help_text = _("From %(min)d to %(max)d seconds.") % {
            "min": MIN_TIME_LIMIT,
            "max": MAX_TIME_LIMIT,
        }
        self.has_image = bool(question and question.image)
        if not self.has_image:
            del self.fields["remove_image"]
        # The image widget is a plain file input: the current picture is shown
        # beside it, and removing it is a separate checkbox.
        self.fields["image"].widget = forms.FileInput(
            attrs=self.fields["image"].widget.attrs
        )

    @classmethod
    def initial_for(cls, question: Question) -> dict:
        """The form's values for an existing question."""
        initial = {
            "kind": question.kind,
            "text": question.text,
            "time_limit": question.time_limit,
            "points": question.points,
            "image_alt": question.image_alt,
        }
        choices = list(question.choices.all())
        if question.kind == QuestionKind.TRUE_FALSE:
            initial["true_false"] = "true" if choices[0].is_correct else "false"
        else:
            for number, choice in enumerate(choices, start=1):
                initial[f"answer_{number}"] = choice.text
                initial[f"correct_{number}"] = choice.is_correct
        for name in [*SLIDER_FIELDS, "slider_tolerance"]:
            value = getattr(question, name)
            # Fixed-point text, so 460 shows as "460" and not "4.6E+2".
            initial[name] = None if value is None else format(value.normalize(), "f")
        return initial

    # Shape checks ------------------------------------------------------------

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if not image:
            return image
        if image.size > IMAGE_MAX_BYTES:
            raise ValidationError(
                _(
                    "The image is too large: at most 2 MB. Save it smaller and try "
                    "again."
                )
            )
        found = getattr(getattr(image, "image", None), "format", None)
        if found not in IMAGE_FORMATS:
            raise ValidationError(_("Upload a JPEG, PNG, GIF or WebP image."))
        return image

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in UNSCORED_KINDS:
            data["points"] = Points.NONE
        if kind in ANSWER_KINDS:
            self._clean_answers(kind)
        elif kind == QuestionKind.TRUE_FALSE and not data.get("true_false"):
            self.add_error(
                "true_false", _("Say whether the statement is true or false.")
            )
        elif kind == QuestionKind.SLIDER:
            for name in SLIDER_FIELDS:
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Give a number."))
        has_image = data.get("image") or (
            self.has_image and not data.get("remove_image")
        )
        if has_image and not data.get("image_alt", "").strip():
            self.add_error(
                "image_alt", _("Describe the image for pupils who cannot see it.")
            )
        return data

    def _clean_answers(self, kind):
        for number in range(1, ANSWER_ROWS + 1):
            filled = self.cleaned_data.get(f"answer_{number}", "").strip()
            marked = self.cleaned_data.get(f"correct_{number}")
            if marked and not filled and kind in CORRECT_KINDS:
                self.add_error(
                    f"answer_{number}",
                    _("This answer is marked right but is empty."),
                )

    # For the services --------------------------------------------------------

    def answer_rows(self) -> list[dict]:
        """The answer fields paired for the template: text, right-answer box."""
        return [
            {"text": self[f"answer_{n}"], "correct": self[f"correct_{n}"], "number": n}
            for n in range(1, ANSWER_ROWS + 1)
        ]

    def service_fields(self) -> dict:
        """Returns the cleaned form as keywords of ``question_add`` and
        ``question_update``."""
        data = self.cleaned_data
        kind = data["kind"]
        fields = {
            "kind": kind,
            "text": data["text"],
            "time_limit": data["time_limit"],
            "points": data["points"],
            "image_alt": data.get("image_alt", ""),
        }
        if data.get("image"):
            fields["image"] = data["image"]
        if kind == QuestionKind.TRUE_FALSE:
            fields["correct"] = [0 if data["true_false"] == "true" else 1]
        elif kind == QuestionKind.SLIDER:
            fields["slider"] = SliderInput(
                data["slider_min"],
                data["slider_max"],
                data["slider_step"],
                data["slider_correct"],
                data.get("slider_tolerance") or Decimal(0),
            )
        elif kind in ANSWER_KINDS:
            fields.update(self._answers(kind))
        return fields

    def _answers(self, kind) -> dict:
        choices, correct = [], []
        for number in range(1, ANSWER_ROWS + 1):
            text = self.cleaned_data.get(f"answer_{number}", "").strip()
            if not text:
                continue
            if kind in CORRECT_KINDS and self.cleaned_data.get(f"correct_{number}"):
                correct.append(len(choices))
            choices.append(text)
        return {"choices": choices, "correct": correct}

    def add_service_error(self, error: ValidationError) -> None:
        """Puts a content service's message on the field its rule is about."""
        code = getattr(error, "code", None) or ""
        field = SERVICE_FIELDS.get(code)
        if code == "choices" and self.cleaned_data.get("kind") == "true_false":
            field = "true_false"
        self.add_error(field, error)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A quiz exported from Youth Civics (.json), or the spreadsheet template "
            "(.xlsx or .csv), up to 1 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".json,.xlsx,.csv,application/json,text/csv"}
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_(
            "Needed for a spreadsheet. For a JSON file, empty keeps the title in "
            "the file."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the quiz"),
        choices=settings.LANGUAGES,
        help_text=_("For a spreadsheet; a JSON file names its language."),
    )
    school = forms.ModelChoiceField(label=_("School"), queryset=None)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        if schools.count() < 2:
            del self.fields["school"]
        else:
            self.fields["school"].queryset = schools

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("The file is too large: at most 1 MB."))
        name = upload.name.lower()
        if not name.endswith((".json", ".xlsx", ".csv")):
            raise ValidationError(
                _("Upload a .json file or the spreadsheet template as .xlsx or .csv.")
            )
        return upload

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        is_json = upload is not None and upload.name.lower().endswith(".json")
        if upload is not None and not is_json and not data.get("title", "").strip():
            self.add_error("title", _("Give the quiz a title."))
        return data

    @property
    def is_json(self) -> bool:
        return self.cleaned_data["file"].name.lower().endswith(".json")
