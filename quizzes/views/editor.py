"""The teachers' quiz editor: "my quizzes", the school's shared quizzes and the
public library; writing questions; copies, imports and exports.

A quiz in a URL is found through :mod:`quizzes.selectors`: pages that change it
look among the user's own quizzes, pages that read or copy it among those the
user may see, so another school's quiz (or a colleague's private one) is not
found (404). The services check the same rules again on every write.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quizzes import selectors, services
from quizzes.forms import (
    ANSWER_KINDS,
    CORRECT_KINDS,
    KIND_HELP,
    SCORED_KINDS,
    ImportForm,
    QuestionForm,
    QuizForm,
    SchoolChoiceForm,
    kind_list,
)
from quizzes.models import LibraryQuiz, Question, QuestionKind
from quizzes.services import editing, public_library, spreadsheet, transfer
from school_councils import selectors as school_selectors
from school_councils.views.access import add_service_error, staff_page

QUIZ_ERROR_FIELDS = {
    "title": "title",
    "language": "language",
    "visibility": "visibility",
}


def _visible_quiz(request, pk):
    return get_object_or_404(selectors.quizzes_for_user(request.user), pk=pk)


def _own_quiz(request, pk):
    return get_object_or_404(selectors.quizzes_editable_by(request.user), pk=pk)


def _own_question(request, pk):
    return get_object_or_404(
        Question.objects.select_related("quiz"),
        pk=pk,
        quiz__in=selectors.quizzes_editable_by(request.user),
    )


def _library_quiz(pk):
    """A library quiz teachers may see: published ones only."""
    return get_object_or_404(
        LibraryQuiz.objects.select_related("locale"), pk=pk, live=True
    )


def _chosen_school(form, schools):
    """The school a form chose, else the user's only one; someone in no school
    has nowhere to put a quiz (404)."""
    school = form.cleaned_data.get("school") or schools.first()
    if school is None:
        raise Http404
    return school


def _error_message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# Lists -------------------------------------------------------------------------


@staff_page
def quiz_list(request):
    """The user's quizzes, colleagues' shared ones and the public library."""
    visible = selectors.quizzes_for_user(request.user).prefetch_related("questions")
    language = request.GET.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = ""
    words = request.GET.get("q", "")[:200]
    context = {
        "own": visible.filter(owner=request.user),
        "shared": visible.exclude(owner=request.user).select_related("owner"),
        "library": public_library.library_quizzes_published(
            language=language, words=words
        ),
        "words": words,
        "library_languages": settings.LANGUAGES,
        "language": language,
    }
    return render(request, "quizzes/editor/quiz_list.html", context)


# A quiz ------------------------------------------------------------------------


@staff_page
def quiz_create(request):
    schools = school_selectors.schools_for_user(request.user)
    form = QuizForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            quiz = services.quiz_create(
                by=request.user,
                school=_chosen_school(form, schools),
                title=data["title"],
                language=data["language"],
                visibility=data["visibility"],
            )
        except ValidationError as error:
            add_service_error(form, error, QUIZ_ERROR_FIELDS)
        else:
            messages.success(request, _("Quiz created: now add its questions."))
            return redirect("quiz_detail", pk=quiz.pk)
    return render(
        request,
        "quizzes/editor/quiz_form.html",
        {"form": form, "has_school": schools.exists()},
    )


@staff_page
def quiz_detail(request, pk):
    """The quiz and its questions; its owner edits them here, colleagues copy it."""
    quiz = _visible_quiz(request, pk)
    questions = quiz.questions.order_by("position").prefetch_related("choices")
    return render(
        request,
        "quizzes/editor/quiz_detail.html",
        {
            "quiz": quiz,
            "questions": questions,
            "is_owner": quiz.owner_id == request.user.pk,
            "kinds": QuestionKind.choices,
            "left_out": sum(not spreadsheet.fits_spreadsheet(q) for q in questions),
        },
    )


@staff_page
def quiz_settings(request, pk):
    quiz = _own_quiz(request, pk)
    initial = {
        "title": quiz.title,
        "language": quiz.language,
        "visibility": quiz.visibility,
    }
    form = QuizForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            editing.quiz_update(by=request.user, quiz=quiz, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error, QUIZ_ERROR_FIELDS)
        else:
            messages.success(request, _("Quiz saved."))
            return redirect("quiz_detail", pk=quiz.pk)
    return render(
        request, "quizzes/editor/quiz_form.html", {"form": form, "quiz": quiz}
    )


@staff_page
def quiz_delete(request, pk):
    """GET asks for confirmation; POST deletes a quiz that was never played."""
    quiz = _own_quiz(request, pk)
    if request.method == "POST":
        try:
            services.quiz_delete(by=request.user, quiz=quiz)
        except ValidationError as error:
            _error_message(request, error)
            return redirect("quiz_detail", pk=quiz.pk)
        messages.success(request, _("Quiz deleted."))
        return redirect("quiz_list")
    return render(request, "quizzes/editor/quiz_confirm_delete.html", {"quiz": quiz})


@staff_page
def quiz_duplicate(request, pk):
    """Copies a quiz the user sees into their own quizzes (GET asks first)."""
    quiz = _visible_quiz(request, pk)
    return _duplicate(
        request,
        source=quiz,
        copy=lambda school: editing.quiz_duplicate(
            by=request.user, quiz=quiz, school=school
        ),
        back=reverse("quiz_detail", args=[quiz.pk]),
    )


def _duplicate(request, *, source, copy, back):
    schools = school_selectors.schools_for_user(request.user)
    # Bound on POST even when empty: with one school the form has no fields.
    data = request.POST if request.method == "POST" else None
    form = SchoolChoiceForm(data, schools=schools)
    if request.method == "POST" and form.is_valid():
        try:
            quiz = copy(form.cleaned_data.get("school"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Copied into your quizzes. The copy is private until you share it."),
            )
            return redirect("quiz_detail", pk=quiz.pk)
    return render(
        request,
        "quizzes/editor/duplicate_confirm.html",
        {"source": source, "form": form, "back": back},
    )


def _download(content, *, content_type, filename) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _file_stem(quiz) -> str:
    return slugify(quiz.title) or f"quiz-{quiz.pk}"


@staff_page
def quiz_export_json(request, pk):
    quiz = _visible_quiz(request, pk)
    document = transfer.quiz_export_json(quiz=quiz)
    return _download(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
        filename=f"{_file_stem(quiz)}.json",
    )


@staff_page
def quiz_export_spreadsheet(request, pk):
    quiz = _visible_quiz(request, pk)
    export = spreadsheet.quiz_export_spreadsheet(quiz=quiz)
    return _download(
        export.content,
        content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
        filename=f"{_file_stem(quiz)}.xlsx",
    )


# Import ------------------------------------------------------------------------


def _problem_rows(error: ValidationError) -> list[dict]:
    """Splits "Row 7: message" into the place and the problem, for the table."""
    rows = []
    for message in error.messages:
        where, separator, problem = message.partition(": ")
        rows.append(
            {"where": where, "problem": problem}
            if separator
            else {"where": "", "problem": message}
        )
    return rows


def _read_json(upload):
    try:
        return json.loads(upload.read().decode("utf-8-sig"))
    # A file nested thousands of levels deep overflows the parser's recursion.
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ValidationError(
            [_("The file is not valid JSON. Export the quiz again and upload that.")],
            code="import",
        ) from None


def _run_import(request, form, school):
    data = form.cleaned_data
    upload = data["file"]
    if form.is_json:
        document = _read_json(upload)
        title = data.get("title", "").strip()
        if (
            title
            and isinstance(document, dict)
            and isinstance(document.get("quiz"), dict)
        ):
            document["quiz"]["title"] = title
        return transfer.quiz_import_json(by=request.user, school=school, data=document)
    return transfer.quiz_import_spreadsheet(
        by=request.user,
        school=school,
        content=upload.read(),
        title=data["title"],
        language=data["language"],
    )


@staff_page
def quiz_import(request):
    """A quiz from a JSON export or the spreadsheet template; every problem of a
    failed file is listed in a table, and nothing is saved."""
    schools = school_selectors.schools_for_user(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, schools=schools)
    problems = []
    if request.method == "POST" and form.is_valid():
        school = _chosen_school(form, schools)
        try:
            quiz = _run_import(request, form, school)
        except ValidationError as error:
            problems = _problem_rows(error)
        else:
            messages.success(request, _("Quiz imported. Check it before you play it."))
            return redirect("quiz_detail", pk=quiz.pk)
    return render(
        request,
        "quizzes/editor/import.html",
        {"form": form, "problems": problems, "has_school": schools.exists()},
    )


# Questions ---------------------------------------------------------------------


def _question_context(form, quiz, question=None):
    return {
        "form": form,
        "quiz": quiz,
        "question": question,
        "kind_help": {str(kind): text for kind, text in KIND_HELP.items()},
        "answer_kinds": kind_list(ANSWER_KINDS),
        "correct_kinds": kind_list(CORRECT_KINDS),
        "scored_kinds": kind_list(SCORED_KINDS),
    }


@staff_page
def question_create(request, pk):
    quiz = _own_quiz(request, pk)
    kind = request.GET.get("kind")
    initial = {"kind": kind if kind in QuestionKind.values else QuestionKind.SINGLE}
    form = QuestionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_add(
                by=request.user, quiz=quiz, **form.service_fields()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Question added."))
            if "add_another" in request.POST:
                return redirect(
                    f"{reverse('question_create', args=[quiz.pk])}?kind={question.kind}"
                )
            return redirect(f"{reverse('quiz_detail', args=[quiz.pk])}#q{question.pk}")
    return render(
        request, "quizzes/editor/question_form.html", _question_context(form, quiz)
    )


@staff_page
def question_edit(request, pk):
    question = _own_question(request, pk)
    quiz = question.quiz
    form = QuestionForm(
        request.POST or None,
        request.FILES or None,
        initial=QuestionForm.initial_for(question),
        question=question,
    )
    if request.method == "POST" and form.is_valid():
        try:
            editing.question_update(
                by=request.user,
                question=question,
                remove_image=form.cleaned_data.get("remove_image", False),
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Question saved."))
            return redirect(f"{reverse('quiz_detail', args=[quiz.pk])}#q{question.pk}")
    return render(
        request,
        "quizzes/editor/question_form.html",
        _question_context(form, quiz, question),
    )


@staff_page
def question_delete(request, pk):
    question = _own_question(request, pk)
    quiz = question.quiz
    if request.method == "POST":
        try:
            services.question_delete(by=request.user, question=question)
        except ValidationError as error:
            _error_message(request, error)
        else:
            messages.success(request, _("Question deleted."))
        return redirect("quiz_detail", pk=quiz.pk)
    return render(
        request,
        "quizzes/editor/question_confirm_delete.html",
        {"question": question, "quiz": quiz},
    )


@staff_page
@require_POST
def question_move(request, pk):
    """Moves a question up or down; focus comes back to the same button."""
    question = _own_question(request, pk)
    direction = request.POST.get("direction")
    offset = {"up": -1, "down": 1}.get(direction, 0)
    try:
        editing.question_move(by=request.user, question=question, offset=offset)
    except ValidationError as error:
        _error_message(request, error)
    else:
        question.refresh_from_db(fields=["position"])
        messages.success(
            request,
            _("Question moved to place %(place)d.") % {"place": question.position + 1},
        )
    anchor = f"move-{direction}-{question.pk}" if offset else f"q{question.pk}"
    return redirect(f"{reverse('quiz_detail', args=[question.quiz_id])}#{anchor}")


# The public library ------------------------------------------------------------


@staff_page
def library_quiz_detail(request, pk):
    """A published library quiz, read before copying it."""
    library_quiz = public_library.library_quiz_published_version(_library_quiz(pk))
    return render(
        request,
        "quizzes/editor/library_detail.html",
        {"library_quiz": library_quiz, "questions": list(library_quiz.questions)},
    )


@staff_page
def library_quiz_duplicate(request, pk):
    library_quiz = _library_quiz(pk)
    return _duplicate(
        request,
        source=library_quiz,
        copy=lambda school: public_library.library_quiz_duplicate(
            by=request.user, library_quiz=library_quiz, school=school
        ),
        back=reverse("library_quiz_detail", args=[library_quiz.pk]),
    )
