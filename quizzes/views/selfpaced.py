"""Self-paced quizzes: a teacher assigns a quiz to a class and follows who has
finished; each pupil takes it alone on their own device.

The pupil's page is one address that always shows where they are (first
question, the question being answered, time up, the result), rebuilt from the
attempt row on every visit, so a refresh or a dropped connection resumes where
they left off. Starting, answering and moving on are POSTs to the services,
followed by a redirect back to that page.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from quizzes import selectors
from quizzes.engine import Kind
from quizzes.engine.checking import correct_answer
from quizzes.engine.questions import TEXT_LIMITS
from quizzes.engine.timing import personal_deadline
from quizzes.models import Attempt, ExtendedTime, Question, QuizAssignment
from quizzes.services import selfpaced as services
from school_councils import selectors as school_selectors
from school_councils.views.access import pupil_page, staff_page

# Kinds whose choices are the answer itself, so they are not shown to pupils.
HIDDEN_CHOICES = {Kind.TYPE_ANSWER, Kind.WORD_CLOUD, Kind.OPEN, Kind.SLIDER}
# Assignments to choose from: a deadline a week ahead, at the end of the day.
DEFAULT_DAYS = 7


# Teachers: assigning ------------------------------------------------------------


class AssignForm(forms.Form):
    classroom = forms.ModelChoiceField(
        label=gettext_lazy("Class"),
        queryset=None,
        empty_label=None,
    )
    deadline = forms.DateTimeField(
        label=gettext_lazy("Deadline"),
        help_text=gettext_lazy("Answers are taken until this date and time."),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    show_answers = forms.BooleanField(
        label=gettext_lazy("Show the right answers after the deadline"),
        required=False,
        help_text=gettext_lazy(
            "Pupils then see, for each question, their answer and the right one."
        ),
    )
    speed_points = forms.BooleanField(
        label=gettext_lazy("Points for speed"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "Off: every right answer earns the full points, however long it took."
        ),
    )
    streaks = forms.BooleanField(
        label=gettext_lazy("Streak bonus"), required=False, initial=True
    )

    def __init__(self, *args, classrooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classroom"].queryset = classrooms


def _default_deadline() -> datetime:
    day = timezone.localtime() + timedelta(days=DEFAULT_DAYS)
    return day.replace(hour=20, minute=0, second=0, microsecond=0)


@staff_page
def quiz_assign(request, pk):
    """Assigns one of the user's quizzes to a class of the quiz's school; a class
    of another school in the posted data is a 404."""
    quiz = get_object_or_404(selectors.quizzes_for_user(request.user), pk=pk)
    classrooms = school_selectors.classrooms_for_user(request.user).filter(
        school=quiz.school
    )
    data = request.POST if request.method == "POST" else None
    form = AssignForm(
        data, classrooms=classrooms, initial={"deadline": _default_deadline()}
    )
    if data is not None:
        posted = data.get("classroom", "")
        if posted.isdigit() and not classrooms.filter(pk=int(posted)).exists():
            raise Http404
        if form.is_valid():
            response = _assign(request, quiz, form)
            if response is not None:
                return response
    return render(
        request,
        "quizzes/selfpaced/assign.html",
        {"quiz": quiz, "form": form, "has_classes": classrooms.exists()},
    )


def _assign(request, quiz, form):
    data = form.cleaned_data
    try:
        assignment = services.assignment_create(
            by=request.user,
            quiz=quiz,
            classroom=data["classroom"],
            deadline=data["deadline"],
            show_answers=data["show_answers"],
            speed_points=data["speed_points"],
            streaks=data["streaks"],
        )
    except ValidationError as error:
        field = "deadline" if error.code == "deadline_in_past" else None
        form.add_error(field, error)
        return None
    messages.success(
        request,
        _("“%(quiz)s” is assigned to class %(class)s.")
        % {"quiz": quiz.title, "class": assignment.classroom.name},
    )
    return redirect("assignment_progress", assignment.pk)


# Teachers: following the class ---------------------------------------------------


@dataclass(frozen=True)
class PupilProgress:
    pupil: object
    attempt: Attempt | None
    multiplier: object

    @property
    def status(self) -> str:
        if self.attempt is None:
            return "not_started"
        return "finished" if self.attempt.is_finished else "started"


def _progress(assignment: QuizAssignment) -> list[PupilProgress]:
    attempts = {
        a.pupil_id: a for a in assignment.attempts.annotate(answered=Count("answers"))
    }
    pupils = list(assignment.classroom.pupils.order_by("pseudonym"))
    extended = dict(
        ExtendedTime.objects.filter(pupil__in=pupils).values_list(
            "pupil_id", "multiplier"
        )
    )
    return [
        PupilProgress(pupil, attempts.get(pupil.pk), extended.get(pupil.pk, 1))
        for pupil in pupils
    ]


@staff_page
def assignment_progress(request, pk):
    assignment = get_object_or_404(selectors.assignments_for_user(request.user), pk=pk)
    rows = _progress(assignment)
    return render(
        request,
        "quizzes/selfpaced/progress.html",
        {
            "assignment": assignment,
            "rows": rows,
            "finished": sum(1 for r in rows if r.status == "finished"),
            "started": sum(1 for r in rows if r.status == "started"),
            "total": len(rows),
            "is_over": assignment.is_over(timezone.now()),
        },
    )


@staff_page
def assignment_extended_time(request, pk):
    """Sets a pupil's extended time from the progress page (POST only); the pupil
    must be in the assignment's class."""
    assignment = get_object_or_404(selectors.assignments_for_user(request.user), pk=pk)
    if request.method != "POST":
        return redirect("assignment_progress", assignment.pk)
    pupil_id = request.POST.get("pupil", "")
    pupil = (
        assignment.classroom.pupils.filter(pk=int(pupil_id)).first()
        if pupil_id.isdigit()
        else None
    )
    if pupil is None:
        raise Http404
    try:
        row = services.extended_time_set(
            by=request.user, pupil=pupil, multiplier=request.POST.get("multiplier")
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(pupil)s now has %(multiplier)s× the usual time on each question.")
            % {"pupil": pupil.pseudonym, "multiplier": row.multiplier},
        )
    return redirect("assignment_progress", assignment.pk)


# Pupils -------------------------------------------------------------------------


@pupil_page
def pupil_quizzes(request):
    """The quizzes assigned to the pupil's class: open ones first."""
    pupil = request.user.pupil
    now = timezone.now()
    attempts = {
        a.assignment_id: a
        for a in Attempt.objects.filter(pupil=pupil).only(
            "assignment_id", "finished_at", "score"
        )
    }
    items = [
        {
            "assignment": assignment,
            "attempt": attempts.get(assignment.pk),
            "open": not assignment.is_over(now),
        }
        for assignment in selectors.assignments_for_pupil(pupil).order_by("deadline")
    ]
    items.sort(key=lambda item: not item["open"])
    return render(request, "quizzes/selfpaced/pupil_list.html", {"items": items})


def _assignment(request, pk) -> QuizAssignment:
    return services.assignment_for_pupil(pupil=request.user.pupil, pk=pk)


@pupil_page
@never_cache
def pupil_quiz(request, pk):
    """Where the pupil is in the quiz, as the server sees it now (never from a
    cache: going back must not show a question as it was)."""
    assignment = _assignment(request, pk)
    now = timezone.now()
    attempt = selectors.attempt_of(request.user.pupil, assignment)
    context = {"assignment": assignment, "attempt": attempt, "now": now}
    if attempt is None:
        stage = "over" if assignment.is_over(now) else "intro"
    elif attempt.is_finished or assignment.is_over(now):
        return _result(request, assignment, attempt, now)
    else:
        stage = _question_context(context, assignment, attempt, now)
    context["stage"] = stage
    return render(request, "quizzes/selfpaced/take.html", context)


def _question_context(context, assignment, attempt, now) -> str:
    question = services.load_question(assignment, attempt.question_index)
    context.update(
        {
            "question": question,
            "number": attempt.question_index + 1,
            "count": assignment.question_count,
        }
    )
    if question is None:
        return "gone"
    if attempt.answers.filter(question_index=attempt.question_index).exists():
        return "answered"
    deadline = min(
        personal_deadline(
            attempt.state(question.time_limit),
            time_limit=question.time_limit,
            multiplier=attempt.multiplier,
        ),
        assignment.deadline,
    )
    if now > deadline:
        return "time_up"
    remaining_ms = int((deadline - now) / timedelta(milliseconds=1))
    context.update(
        {
            "choices": _choices(attempt, question),
            "remaining_ms": remaining_ms,
            "remaining_seconds": math.ceil(remaining_ms / 1000),
            "text_limit": TEXT_LIMITS.get(Kind(question.kind)),
            "positions": range(1, question.choices.count() + 1),
        }
    )
    return "question"


def _choices(attempt: Attempt, question: Question) -> list:
    if question.kind in HIDDEN_CHOICES:
        return []
    choices = list(question.choices.all())
    if question.kind == Kind.ORDER:
        # The same shuffle on every visit of this pupil.
        random.Random(f"{attempt.pk}:{question.pk}").shuffle(choices)
    return choices


def _result(request, assignment, attempt, now):
    answers = {a.question_index: a for a in attempt.answers.all()} if attempt else {}
    reveal = assignment.show_answers and assignment.is_over(now)
    rows = []
    if reveal:
        for index in range(assignment.question_count):
            question = services.load_question(assignment, index)
            if question is not None:
                rows.append(_result_row(question, answers.get(index)))
    return render(
        request,
        "quizzes/selfpaced/result.html",
        {
            "assignment": assignment,
            "attempt": attempt,
            "answered": len(answers),
            "right": sum(1 for a in answers.values() if a.correct),
            "reveal": reveal,
            "rows": rows,
            "waiting_for_deadline": assignment.show_answers and not reveal,
        },
    )


def describe(question: Question, payload: dict | None) -> str:
    """Returns an answer (or, given the right answer, that one) as words."""
    if payload is None:
        return ""
    texts = {c.pk: c.text for c in question.choices.all()}
    if "choice" in payload:
        return texts.get(payload["choice"], "")
    if "choices" in payload:
        return ", ".join(texts.get(c, "") for c in payload["choices"])
    if "order" in payload:
        return " → ".join(texts.get(c, "") for c in payload["order"])
    if "accepted" in payload:
        return " / ".join(payload["accepted"])
    if "value" in payload:
        return str(payload["value"])
    return payload.get("text", "")


def _result_row(question: Question, answer) -> dict:
    return {
        "question": question,
        "answer": describe(question, answer.payload) if answer else "",
        "answered": answer is not None,
        "correct": answer.correct if answer else None,
        "right": describe(question, correct_answer(question.spec())),
        "points": (answer.points + answer.bonus) if answer else 0,
    }


def _act(request, pk, action):
    """Runs a pupil's POST and goes back to their quiz page, with the refusal's
    message if there is one."""
    assignment = _assignment(request, pk)
    if request.method == "POST":
        try:
            action(assignment)
        except ValidationError as error:
            messages.error(request, error.messages[0])
    return redirect("pupil_quiz", assignment.pk)


@pupil_page
def pupil_quiz_start(request, pk):
    pupil = request.user.pupil
    return _act(
        request,
        pk,
        lambda assignment: services.attempt_start(pupil=pupil, assignment=assignment),
    )


def _index(request) -> int | None:
    value = request.POST.get("question_index", "")
    return int(value) if value.isdigit() else None


@pupil_page
def pupil_quiz_answer(request, pk):
    pupil = request.user.pupil

    def answer(assignment):
        index = _index(request)
        question = services.load_question(assignment, index or 0)
        raw = read_form_answer(question, request.POST) if question else {}
        services.attempt_answer(
            pupil=pupil, assignment=assignment, question_index=index, answer=raw
        )
        messages.success(request, _("Your answer is saved."))

    return _act(request, pk, answer)


@pupil_page
def pupil_quiz_next(request, pk):
    pupil = request.user.pupil
    return _act(
        request,
        pk,
        lambda assignment: services.attempt_next(
            pupil=pupil, assignment=assignment, question_index=_index(request)
        ),
    )


# Reading the answer form --------------------------------------------------------


def _number(text: str):
    """Returns ``text`` as an int or float when it is one, else as it is, for the
    engine to refuse."""
    text = (text or "").strip().replace(",", ".")
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def _order(question: Question, post) -> list:
    """Returns the choice ids sorted by the position the pupil gave each; a
    missing or repeated position makes a list the engine refuses."""
    positions = []
    for choice in question.choices.all():
        position = _number(post.get(f"position-{choice.pk}", ""))
        if not isinstance(position, int):
            return []
        positions.append((position, choice.pk))
    if len({p for p, _pk in positions}) != len(positions):
        return []
    return [pk for _p, pk in sorted(positions)]


def read_form_answer(question: Question, post) -> dict:
    """Returns the posted form as the engine's answer for the question's kind
    (see :mod:`quizzes.engine.checking`); malformed values are passed on as
    they are, for the engine to refuse with its reason."""
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.TRUE_FALSE, Kind.POLL):
        return {"choice": _number(post.get("choice", ""))}
    if kind == Kind.MULTIPLE:
        return {"choices": [_number(v) for v in post.getlist("choices")]}
    if kind == Kind.SLIDER:
        return {"value": _number(post.get("value", ""))}
    if kind == Kind.ORDER:
        return {"order": _order(question, post)}
    return {"text": post.get("text", "")}
