"""Forms of the election pages. They check the shape of the input; what is allowed
lives in the services.

The ballot is not a Django form: its fields depend on the contests, so
:func:`ballot_choices` reads the posted fields into the JSON choices
``services.ballot_cast`` checks.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from school_councils.forms import CODE_EXAMPLE
from simulations.models import (
    PRESET_KINDS,
    BallotAccess,
    ElectionKind,
    ListKind,
    Method,
    Quorum,
)
from simulations.services.preset_lists import has_lists
from simulations.services.rules import (
    ANSWER,
    LIST,
    LIST_METHODS,
    MARK,
    MARKS,
    METHOD_RULES,
    RANKING,
)
from simulations.services.setup import MANIFESTO_MAX_LENGTH
from simulations.voting.presets import PRESETS

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


# Setting up elections of every kind ---------------------------------------------

BALLOT_KINDS = [
    (MARK, _("One mark")),
    (MARKS, _("Several marks")),
    (RANKING, _("A ranking (1, 2, 3…)")),
    (LIST, _("Party lists (one candidate on one list)")),
    (ANSWER, _("Yes or no")),
]


def method_choices():
    """The counting methods grouped by the ballot each needs, so choosing a
    method is also choosing the ballot."""
    groups = []
    for shape, label in BALLOT_KINDS:
        methods = [
            (m.value, m.label) for m in Method if METHOD_RULES[m.value].shape == shape
        ]
        groups.append((label, methods))
    return [("", _("Choose a method")), *groups]


class Percent(forms.DecimalField):
    """A share typed as a per cent (5 for 5%), given to the services as 0.05."""

    def __init__(self, **kwargs):
        super().__init__(
            min_value=0, max_value=Decimal("99.99"), decimal_places=2, **kwargs
        )
        self.widget.attrs.update({"step": "0.01", "inputmode": "decimal"})

    def clean(self, value):
        share = super().clean(value)
        return None if share is None else share / 100


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


class SetupForm(forms.Form):
    """A new election of any kind: the fields follow the kind (the server builds
    them, so the page works without JavaScript)."""

    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, kind, classrooms, schools, constituency=None, **kw):
        super().__init__(*args, **kw)
        self.kind = kind
        if kind == ElectionKind.CITY_YOUTH_COUNCIL:
            self.fields["schools"] = _schools_field(schools, required=True)
        else:
            self.fields["classrooms"] = forms.ModelMultipleChoiceField(
                label=_("Classes that vote"),
                queryset=classrooms,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            if schools.exists():
                self.fields["schools"] = _schools_field(schools, required=False)
        self.fields.update(KIND_FIELDS.get(_kind_group(kind), dict)())
        if "constituency" in self.fields:
            self._constituencies(constituency)
        self.fields.update(_common_fields())

    def _constituencies(self, initial):
        preset = PRESETS[self.kind]
        field = self.fields["constituency"]
        field.choices = [
            (c.number, _constituency_label(c)) for c in preset.constituencies
        ]
        field.initial = initial
        if not has_lists(self.kind):
            del self.fields["prefill_lists"]

    def clean(self):
        data = super().clean()
        chosen_classes = list(data.get("classrooms") or [])
        chosen_schools = list(data.get("schools") or [])
        if self.kind != ElectionKind.CITY_YOUTH_COUNCIL:
            if not chosen_classes and not chosen_schools and not self.errors:
                raise forms.ValidationError(
                    _("Choose the classes (or the whole school) whose pupils vote.")
                )
            schools = {c.school_id for c in chosen_classes} | {
                s.pk for s in chosen_schools
            }
            if len(schools) > 1:
                raise forms.ValidationError(
                    _("Choose classes of one school: an election belongs to a school.")
                )
        if "lists" in data:
            data["lists"] = _lines(data["lists"])
        if "questions" in data:
            data["questions"] = _lines(data["questions"])
        return data

    def school(self):
        """The school the election belongs to (none for the city youth council)."""
        if self.kind == ElectionKind.CITY_YOUTH_COUNCIL:
            return None
        data = self.cleaned_data
        chosen = list(data.get("classrooms") or [])
        if chosen:
            return chosen[0].school
        return next(iter(data["schools"]))


def _kind_group(kind):
    return "preset" if kind in PRESET_KINDS else kind


def _schools_field(schools, *, required):
    return forms.ModelMultipleChoiceField(
        label=_("Schools that vote")
        if required
        else _("Whole schools that vote (every class)"),
        queryset=schools,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each school elects its own representative.") if required else "",
    )


def _constituency_label(constituency):
    if constituency.seats:
        return ngettext(
            "%(number)d. %(name)s (%(seats)d seat)",
            "%(number)d. %(name)s (%(seats)d seats)",
            constituency.seats,
        ) % {
            "number": constituency.number,
            "name": constituency.name,
            "seats": constituency.seats,
        }
    return f"{constituency.number}. {constituency.name}"


def _preset_fields():
    return {
        "constituency": forms.TypedChoiceField(
            label=_("Constituency"),
            coerce=int,
            help_text=_(
                "Where the school is: its voters get this constituency's ballot."
            ),
        ),
        "prefill_lists": forms.BooleanField(
            label=_("Put on the ballot the committees that stood here in 2023"),
            required=False,
            initial=True,
            help_text=_("From the official PKW results; you can change them later."),
        ),
        "lists": forms.CharField(
            label=_("Other lists or candidates, one per line"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("For example the pupils' own committees."),
        ),
    }


def _referendum_fields():
    return {
        "questions": forms.CharField(
            label=_("Questions, one per line"),
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=3000,
            help_text=_("Each is answered yes or no, and counted on its own."),
        ),
        "quorum": forms.ChoiceField(
            label=_("Turnout quorum"),
            choices=Quorum.choices,
            initial=Quorum.NONE,
            widget=forms.RadioSelect,
        ),
    }


def _custom_fields():
    return {
        "method": forms.ChoiceField(
            label=_("Ballot and counting method"),
            choices=method_choices,
            # static/js/simulations/setup.js shows the threshold only for these.
            widget=forms.Select(
                attrs={"data-list-methods": " ".join(sorted(LIST_METHODS))}
            ),
        ),
        "seats": forms.IntegerField(
            label=_("Seats"), min_value=1, max_value=100, initial=1
        ),
        "threshold": Percent(
            label=_("Threshold for lists (%)"),
            required=False,
            help_text=_(
                "Only for party lists: the share of the valid votes a list needs, "
                "e.g. 5."
            ),
        ),
    }


KIND_FIELDS = {
    "preset": _preset_fields,
    ElectionKind.REFERENDUM: _referendum_fields,
    ElectionKind.CUSTOM: _custom_fields,
}


def _common_fields():
    return {
        "access": forms.ChoiceField(
            label=_("How pupils vote"),
            choices=BallotAccess.choices,
            initial=BallotAccess.CODES,
            widget=forms.RadioSelect,
        ),
        "opens_at": _when(_("Voting opens"), _("Empty: when you open it.")),
        "closes_at": _when(_("Voting closes"), _("Empty: when you close it.")),
        "results_not_before": _when(
            _("Results not before"), _("Optional: results stay hidden until then.")
        ),
    }


class ElectionSettingsForm(forms.Form):
    """The title, the way of voting and the times of a draft."""

    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_common_fields())


class ElectorateForm(forms.Form):
    classrooms = forms.ModelMultipleChoiceField(
        label=_("Classes that vote"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, classrooms, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classrooms"].queryset = classrooms
        if schools.exists():
            self.fields["schools"] = _schools_field(schools, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("classrooms") and not data.get("schools") and not self.errors:
            raise forms.ValidationError(
                _("Choose the classes (or the whole school) whose pupils vote.")
            )
        return data


class ContestRulesForm(forms.Form):
    """A contest's name and, by its method, seats, thresholds or quorum."""

    name = forms.CharField(label=_("Name"), max_length=300)

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        if contest.method == Method.REFERENDUM:
            self.fields["name"].label = _("Question")
            self.fields["quorum"] = forms.ChoiceField(
                label=_("Turnout quorum"),
                choices=Quorum.choices,
                widget=forms.RadioSelect,
            )
            return
        if contest.election.is_preset:
            return
        self.fields["seats"] = forms.IntegerField(
            label=_("Seats"), min_value=1, max_value=100
        )
        if contest.method in LIST_METHODS:
            self.fields["threshold"] = Percent(
                label=_("Threshold for lists (%)"), required=False
            )
            self.fields["coalition_threshold"] = Percent(
                label=_("Threshold for coalitions (%)"), required=False
            )


class ContestAddForm(forms.Form):
    """Another race of a custom election, or another referendum question."""

    name = forms.CharField(label=_("Name"), max_length=300)

    def __init__(self, *args, referendum: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if referendum:
            self.fields["name"].label = _("Question")
        else:
            self.fields.update(_custom_fields())


class OptionAddForm(forms.Form):
    """A line on the ballot: a candidate, a list, or a candidate on a list (typed,
    or a pupil who votes in the contest)."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description (shown on the ballot)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, contest, lists=(), pupils=None, as_list=False, **kw):
        super().__init__(*args, **kw)
        self.as_list = as_list
        if as_list:
            self.fields["name"].label = _("Name of the list")
            self.fields["list_kind"] = forms.ChoiceField(
                label=_("Kind of list"), choices=ListKind.choices, initial="party"
            )
            return
        if lists:
            self.fields["party_list"] = forms.ModelChoiceField(
                label=_("On the list"), queryset=lists, empty_label=None
            )
        if pupils is not None:
            self.fields["pupil"] = forms.ModelChoiceField(
                label=_("Or a pupil who votes here"),
                queryset=pupils,
                required=False,
                help_text=_("The pupil stands under their pseudonym."),
            )
            self.fields["pupil"].label_from_instance = lambda pupil: (
                f"{pupil.pseudonym} ({pupil.classroom.name})"
            )

    def clean(self):
        data = super().clean()
        if not data.get("name") and not data.get("pupil") and not self.errors:
            raise forms.ValidationError(_("Type a name or choose a pupil."))
        return data


class OptionEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description (shown on the ballot)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, option, **kwargs):
        super().__init__(*args, **kwargs)
        if option.list_kind:
            self.fields["list_kind"] = forms.ChoiceField(
                label=_("Kind of list"), choices=ListKind.choices
            )


# Candidacies ---------------------------------------------------------------------


class ManifestoForm(forms.Form):
    manifesto = forms.CharField(
        label=_("Your manifesto"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "A few sentences: what you would do if elected. Voters read it on the "
            "ballot. Do not write your real name or anyone's personal details."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["manifesto"]
        field.max_length = MANIFESTO_MAX_LENGTH
        field.validators.append(MaxLengthValidator(MANIFESTO_MAX_LENGTH))
        field.widget.attrs["maxlength"] = str(MANIFESTO_MAX_LENGTH)


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the candidacy is refused"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The pupil sees this reason on their candidacy page."),
    )
