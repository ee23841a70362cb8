"""Forms of the election pages. They check the shape of the input; what is allowed
lives in the services.

The ballot is not a Django form: its fields depend on the contests, so
:func:`ballot_choices` reads the posted fields into the JSON choices
``services.ballot_cast`` checks.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from school_councils.forms import CODE_EXAMPLE
from simulations.models import BallotAccess, ElectionKind
from simulations.services.rules import LIST, MARK, MARKS, METHOD_RULES, RANKING

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
TEACHER_KINDS = [
    (ElectionKind.CLASS_REPRESENTATIVE, ElectionKind.CLASS_REPRESENTATIVE.label),
    (ElectionKind.STUDENT_COUNCIL, ElectionKind.STUDENT_COUNCIL.label),
]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def _when(label, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT],
        help_text=help_text,
    )


class ElectionForm(forms.Form):
    """A class representative or a student council, for classes the teacher has."""

    kind = forms.ChoiceField(label=_("Kind of election"), choices=TEACHER_KINDS)
    title = forms.CharField(label=_("Title"), max_length=200)
    classrooms = forms.ModelMultipleChoiceField(
        label=_("Classes that vote"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    seats = forms.IntegerField(
        label=_("Seats on the council"),
        min_value=1,
        max_value=30,
        initial=3,
        required=False,
        help_text=_("For a student council: each voter marks up to this many."),
    )
    access = forms.ChoiceField(
        label=_("How pupils vote"),
        choices=BallotAccess.choices,
        initial=BallotAccess.CODES,
        widget=forms.RadioSelect,
    )
    opens_at = _when(_("Voting opens"), _("Empty: when you open it."))
    closes_at = _when(_("Voting closes"), _("Empty: when you close it."))
    results_not_before = _when(
        _("Results not before"), _("Optional: results stay hidden until then.")
    )

    def __init__(self, *args, classrooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classrooms"].queryset = classrooms

    def clean_classrooms(self):
        chosen = self.cleaned_data["classrooms"]
        if len({classroom.school_id for classroom in chosen}) > 1:
            raise forms.ValidationError(
                _("Choose classes of one school: an election belongs to a school.")
            )
        return chosen


class CandidatesForm(forms.Form):
    pupils = forms.ModelMultipleChoiceField(
        label=_("Pupils who stand"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, pupils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupils"].queryset = pupils
        self.fields["pupils"].label_from_instance = lambda pupil: (
            f"{pupil.pseudonym} ({pupil.classroom.name})"
        )


class VotingCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your voting code"),
        max_length=40,
        error_messages={"required": _("Type the code from your voting slip.")},
        widget=forms.TextInput(
            attrs={
                "class": "code",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "autocorrect": "off",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _(
            "The code on your slip, for example %(example)s. Small letters and "
            "missing dashes are fine."
        ) % {"example": CODE_EXAMPLE}


class TrackerForm(forms.Form):
    tracker = forms.CharField(
        label=_("Your ballot's tracker"),
        max_length=40,
        widget=forms.TextInput(attrs={"class": "code", "autocomplete": "off"}),
    )


class BallotInputError(ValueError):
    """A ballot form that cannot be read: nothing marked, or a rank used twice.

    ``contest`` is the contest at fault and ``reason`` one of ``nothing_marked``,
    ``bad_rank`` and ``rank_twice``.
    """

    def __init__(self, contest, reason: str):
        self.contest = contest
        self.reason = reason
        super().__init__(reason)


def field_name(contest) -> str:
    return f"contest-{contest.pk}"


def ballot_choices(contests, data) -> dict:
    """Returns the JSON choices posted for each contest of the ballot page.

    A contest's field holds ``blank`` or ``spoiled``, or the marked option ids;
    a ranking comes as one number field per candidate (``contest-7-rank-12``).
    """
    return {str(c.pk): _contest_choice(c, data) for c in contests}


def _contest_choice(contest, data) -> dict:
    name = field_name(contest)
    values = data.getlist(name)
    if values in (["blank"], ["spoiled"]):
        return {values[0]: True}
    shape = METHOD_RULES[contest.method].shape
    if shape == RANKING:
        return {RANKING: _ranking(contest, data)}
    if not values:
        raise BallotInputError(contest, "nothing_marked")
    if shape == MARKS:
        return {MARKS: [_number(value) for value in values]}
    if len(values) != 1:
        return {"marks": values}
    if shape == LIST:
        party_list, _sep, candidate = values[0].partition(":")
        return {"list": _number(party_list), "candidate": _number(candidate)}
    if shape == MARK:
        return {MARK: _number(values[0])}
    return {"answer": values[0]}


def _number(value: str):
    return int(value) if value.isdigit() else value


def _ranking(contest, data) -> list:
    prefix = f"{field_name(contest)}-rank-"
    ranks = {}
    for key, value in data.items():
        if key.startswith(prefix) and value.strip():
            if not value.strip().isdigit():
                raise BallotInputError(contest, "bad_rank")
            ranks[_number(key[len(prefix) :])] = int(value)
    if not ranks:
        raise BallotInputError(contest, "nothing_marked")
    if len(set(ranks.values())) != len(ranks):
        raise BallotInputError(contest, "rank_twice")
    return sorted(ranks, key=ranks.__getitem__)
