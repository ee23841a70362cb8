"""Forms of the participatory budget: creating one, proposing, checking, voting
and importing a pabulib file. They only parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from simulations.forms import DateTimeInput
from simulations.models import BallotAccess, BudgetRule
from simulations.services.budget import MAX_AMOUNT, POINTS_PICKS

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _when(label, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT],
        help_text=help_text,
    )


class BudgetForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    amount = forms.IntegerField(
        label=_("Amount in złoty"), min_value=1, max_value=MAX_AMOUNT
    )
    rule = forms.ChoiceField(
        label=_("Voting rule"),
        choices=BudgetRule.choices,
        initial=BudgetRule.POINTS,
        widget=forms.RadioSelect,
    )
    whole_school = forms.BooleanField(
        label=_("The whole school votes"),
        required=False,
        help_text=_("Otherwise choose the classes below."),
    )
    classrooms = forms.ModelMultipleChoiceField(
        label=_("Classes that take part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    access = forms.ChoiceField(
        label=_("How pupils vote"),
        choices=BallotAccess.choices,
        initial=BallotAccess.CODES,
        widget=forms.RadioSelect,
    )
    proposals_open_at = _when(_("Proposals open"), _("Empty: from now."))
    proposals_close_at = _when(_("Proposals close"), _("Empty: until you open voting."))
    voting_opens_at = _when(_("Voting opens"), _("Empty: when you open it."))
    voting_closes_at = _when(_("Voting closes"), _("Empty: when you close it."))

    def __init__(self, *args, classrooms, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classrooms"].queryset = classrooms
        self.schools = list(schools)
        if len(self.schools) > 1:
            self.fields["school"] = forms.ChoiceField(
                label=_("School"),
                choices=[(school.pk, school.name) for school in self.schools],
            )

    def clean(self):
        data = super().clean()
        chosen = data.get("classrooms") or []
        if not chosen and not data.get("whole_school"):
            self.add_error(
                "classrooms", _("Choose the classes that take part, or the school.")
            )
        schools = {classroom.school_id for classroom in chosen}
        if "school" in self.fields and data.get("school"):
            schools.add(int(data["school"]))
        if len(schools) > 1:
            self.add_error(
                "classrooms", _("Choose classes of one school: a budget is a school's.")
            )
        return data

    def school(self):
        """Returns the school the budget belongs to."""
        chosen = self.cleaned_data.get("classrooms") or []
        if chosen:
            return chosen[0].school
        wanted = int(self.cleaned_data.get("school") or self.schools[0].pk)
        return next(school for school in self.schools if school.pk == wanted)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title of your project"), max_length=200)
    description = forms.CharField(
        label=_("What it is and who it helps"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    cost = forms.IntegerField(
        label=_("Cost in złoty"),
        min_value=1,
        max_value=MAX_AMOUNT,
        help_text=_("Whole złoty; ask your teacher how to estimate it."),
    )


class ProposalCheckForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Eligible")), ("no", _("Not eligible"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason shown to the author"), max_length=500, required=False
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("A .pb file from pabulib.org"),
        help_text=_("For example Kraków 2020 or Wieliczka's Green Million 2023."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Empty: taken from the file."),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.schools = list(schools)
        self.fields["school"] = forms.ChoiceField(
            label=_("School"),
            choices=[(school.pk, school.name) for school in self.schools],
        )

    def chosen_school(self):
        wanted = int(self.cleaned_data["school"])
        return next(school for school in self.schools if school.pk == wanted)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Your voting code"), max_length=40)


def read_picks(data, *, ranked: bool) -> list:
    """Returns the proposal ids a ballot form picks, as the service takes them.

    Ranked: the fields ``pick-1`` to ``pick-3`` (first, second, third choice),
    blanks skipped; approval: every ``approve`` box ticked. Anything that is not a
    whole number is kept as it is, so the service refuses it with its message.
    """
    if ranked:
        values = [data.get(f"pick-{place}", "") for place in range(1, POINTS_PICKS + 1)]
    else:
        values = data.getlist("approve")
    picks = []
    for value in values:
        value = value.strip()
        if value:
            picks.append(int(value) if value.isdigit() else value)
    return picks
