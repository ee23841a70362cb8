"""The live game's pages: starting a game, the host's projector screen, the
players' phone page and the results.

The pages only set the scene; the game itself runs over the WebSockets of
``quizzes.consumers`` (see docs/quizzes/protocol.md), driven by the ES modules in
``static/quizzes/``. Sessions in a URL are looked up through
``live_sessions_for_user``: another school's game is not found (404).
"""

from __future__ import annotations

import re

import segno
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes import payloads, selectors, services
from quizzes.engine import Phase
from quizzes.models import Quiz
from quizzes.models.live import PIN_LENGTH
from quizzes.services.public_library import (
    library_quiz_duplicate,
    library_quiz_published_version,
)
from quizzes.views import live_text
from school_councils import selectors as school_selectors
from school_councils.views.access import staff_page

_PIN = re.compile(rf"\d{{{PIN_LENGTH}}}")
# Posted by the settings form, so that unticked boxes mean "off".
SETTINGS_MARKER = "with_settings"


# Starting a game ----------------------------------------------------------------


class LiveStartForm(forms.Form):
    """The settings of a new game; what is allowed is checked by the service."""

    classroom = forms.ModelChoiceField(
        label=gettext_lazy("Class that plays"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("No class in particular"),
        help_text=gettext_lazy("Optional: the results are filed under this class."),
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
        label=gettext_lazy("Streak bonus"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Extra points for right answers in a row."),
    )

    def __init__(self, *args, classrooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classroom"].queryset = classrooms

    def clean(self):
        # A bare "Start a live game" button (the quiz editor's, say) posts no
        # settings: an unticked box would read as "off", so the defaults apply.
        data = super().clean()
        if not self.data.get(SETTINGS_MARKER):
            data["speed_points"] = data["streaks"] = True
        return data


def _posted(request):
    # A bare POST (no fields at all) still submits the form, with the defaults.
    return request.POST if request.method == "POST" else None


@staff_page
def live_session_start(request, quiz_pk):
    """The settings of a new game of one of the user's quizzes; POST starts it."""
    quiz = get_object_or_404(selectors.quizzes_for_user(request.user), pk=quiz_pk)
    return _start_page(request, quiz=quiz)


@staff_page
def live_session_start_from_lesson(request, page_pk, block_id):
    """Starts a game of the library quiz a published lesson names: the teacher
    runs a copy of it in their school (or a copy they already made)."""
    library_quiz = _lesson_library_quiz(page_pk, str(block_id))
    if not school_selectors.is_staff_member(request.user):
        raise Http404
    published = library_quiz_published_version(library_quiz)
    classrooms = _classrooms(request.user)
    form = LiveStartForm(_posted(request), classrooms=classrooms)
    if request.method == "POST" and form.is_valid():
        try:
            session = _start_library_copy(
                request.user, library_quiz, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("live_session_host", pk=session.pk)
    copies = selectors.quizzes_editable_by(request.user).filter(
        title=published.title, language=published.language
    )
    return render(
        request,
        "quizzes/live/start_from_lesson.html",
        {
            "library_quiz": published,
            "form": form,
            "copies": copies,
            "question_count": len(published.questions),
        },
    )


def _lesson_library_quiz(page_pk: int, block_id: str):
    """The library quiz of the lesson's live-quiz block ``block_id``; 404 for a
    lesson that is not published or a block that is not there."""
    from lessons.models import LessonPage

    page = get_object_or_404(LessonPage.objects.live(), pk=page_pk)
    for block in page.body:
        if block.block_type == "live_quiz" and block.id == block_id:
            quiz = block.value.get("quiz")
            if quiz is not None and quiz.live:
                return quiz
    raise Http404


@transaction.atomic
def _start_library_copy(user, library_quiz, *, classroom, speed_points, streaks):
    quiz = library_quiz_duplicate(
        by=user,
        library_quiz=library_quiz,
        school=classroom.school if classroom else None,
    )
    return services.live_session_start(
        by=user,
        quiz=quiz,
        classroom=classroom,
        speed_points=speed_points,
        streaks=streaks,
    )


def _classrooms(user, school=None):
    classrooms = school_selectors.classrooms_for_user(user).order_by(
        "school__name", "-school_year", "grade", "name"
    )
    return classrooms if school is None else classrooms.filter(school=school)


def _start_page(request, *, quiz: Quiz):
    form = LiveStartForm(
        _posted(request), classrooms=_classrooms(request.user, quiz.school)
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.live_session_start(
                by=request.user, quiz=quiz, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("live_session_host", pk=session.pk)
    return render(
        request,
        "quizzes/live/start.html",
        {"quiz": quiz, "form": form, "question_count": quiz.questions.count()},
    )


# The host's screen ------------------------------------------------------------------


def _session(request, pk):
    return get_object_or_404(selectors.live_sessions_for_user(request.user), pk=pk)


def join_url(request, pin: str | None = None) -> str:
    """The address pupils open to join; with the PIN filled in for the QR code."""
    address = request.build_absolute_uri(reverse("live_play"))
    return f"{address}?pin={pin}" if pin else address


def qr_svg(address: str, *, title: str) -> str:
    """Returns an inline SVG QR code of ``address``, with a title for screen
    readers (it scales with CSS: no fixed size)."""
    svg = segno.make(address, error="m").svg_inline(
        scale=1, border=2, title=title, omitsize=True, svgclass="qr-code"
    )
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)


@staff_page
def live_session_host(request, pk):
    """The projector screen and the host's controls; the socket fills it in."""
    session = _session(request, pk)
    if session.phase == Phase.FINAL:
        return redirect("live_session_results", pk=session.pk)
    address = join_url(request, session.pin)
    title = _("QR code: opens the join page with the PIN %(pin)s filled in.") % {
        "pin": session.pin
    }
    return render(
        request,
        "quizzes/live/host.html",
        {
            "session": session,
            "quiz": session.quiz,
            "join_url": join_url(request),
            "qr_svg": mark_safe(qr_svg(address, title=title)),
            "socket_path": f"/ws/quiz/{session.pk}/host/",
            "strings": live_text.host_strings(),
            "results_url": reverse("live_session_results", args=[session.pk]),
        },
    )


# The players' page ------------------------------------------------------------------


def live_play(request):
    """Join with the PIN (filled in from the QR code) and a nickname, then play.
    No account: the device keeps its reconnect token."""
    pin = request.GET.get("pin", "").strip()
    return render(
        request,
        "quizzes/live/play.html",
        {
            "pin": pin if _PIN.fullmatch(pin) else "",
            "pin_length": PIN_LENGTH,
            "strings": live_text.player_strings(),
        },
    )


# Results ----------------------------------------------------------------------------


@staff_page
def live_session_results(request, pk):
    """The podium and the final standings, for the teacher after the game."""
    session = _session(request, pk)
    standings = payloads.standings(session)
    podium = [s for s in standings if s.rank <= payloads.PODIUM_SIZE]
    return render(
        request,
        "quizzes/live/results.html",
        {
            "session": session,
            "quiz": session.quiz,
            "standings": standings,
            "podium": _podium_places(podium),
            "podium_width": 20 + 130 * len(podium),
            "finished": session.ended_at is not None,
            "reports_url": _reports_url(session),
        },
    )


# Podium steps stand second, first, third; a better place has a taller step.
PODIUM_SLOT = {2: 0, 1: 1, 3: 2}
PODIUM_HEIGHT = {1: 120, 2: 90, 3: 64}


def _podium_places(podium) -> list[dict]:
    """Returns where each podium step and its labels go in the SVG (players who
    share a place stand side by side)."""
    ordered = sorted(podium, key=lambda s: (PODIUM_SLOT[s.rank], s.nickname))
    places = []
    for slot, standing in enumerate(ordered):
        height, x = PODIUM_HEIGHT[standing.rank], 10 + slot * 130
        top = 150 - height
        places.append(
            {
                "standing": standing,
                "x": x,
                "top": top,
                "height": height,
                "label_x": x + 60,
                "name_y": top - 10,
                "rank_y": top + 40,
            }
        )
    return places


def _reports_url(session) -> str | None:
    """The reports of this game, when the reports pages are installed."""
    try:
        return reverse("live_report", args=[session.pk])
    except NoReverseMatch:
        return None
