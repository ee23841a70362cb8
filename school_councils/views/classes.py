"""A teacher's pages: the dashboard, classes, their pupils and the pupils' cards.

Every object in a URL is looked up through a selector, so an object of another
school is not found (404); the services check the same rules again on writes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from school_councils import pdf, selectors, services
from school_councils.forms import (
    CardsForm,
    ClassroomForm,
    ClassroomTeachersForm,
    GenerateForm,
    PseudonymsForm,
    PupilMoveForm,
)
from school_councils.models import School
from school_councils.views.access import add_service_error, secret, staff_page
from youth_civics import codes

CLASSROOM_ERROR_FIELDS = {
    "duplicate_name": "name",
    "name_required": "name",
    "grade_range": "grade",
}


def _classroom(request, pk):
    classrooms = selectors.classrooms_for_user(request.user)
    return get_object_or_404(selectors.with_pupil_counts(classrooms), pk=pk)


def _pupil(request, pk):
    return get_object_or_404(selectors.pupils_for_user(request.user), pk=pk)


@staff_page
def dashboard(request):
    """The teacher's classes with pupil counts, and the schools they coordinate."""
    user = request.user
    is_city = selectors.is_city_coordinator(user)
    classrooms = selectors.classrooms_for_user(user)
    if is_city:
        # Every class of the city is on the city page; here only those they teach.
        classrooms = classrooms.filter(teachers=user)
    coordinated = (
        School.objects.none() if is_city else selectors.schools_coordinated_by(user)
    )
    return render(
        request,
        "school_councils/dashboard.html",
        {
            "classrooms": selectors.with_pupil_counts(classrooms).order_by(
                "school__name", "-school_year", "grade", "name"
            ),
            "coordinated_schools": coordinated,
            "is_city_coordinator": is_city,
            "has_school": is_city or selectors.schools_for_user(user).exists(),
        },
    )


@staff_page
def classroom_create(request):
    """Creates a class in one of the user's schools (``?school=`` preselects one)."""
    schools = selectors.schools_for_user(request.user)
    if not schools.exists():
        return redirect("dashboard")
    initial = {"language": request.LANGUAGE_CODE}
    if "school" in request.GET:
        initial["school"] = request.GET["school"]
    form = ClassroomForm(request.POST or None, schools=schools, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            classroom = services.classroom_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error, CLASSROOM_ERROR_FIELDS)
        else:
            messages.success(
                request, _("Class %(name)s created.") % {"name": classroom.name}
            )
            return redirect("classroom_detail", pk=classroom.pk)
    return render(request, "school_councils/classroom_form.html", {"form": form})


@staff_page
def classroom_detail(request, pk):
    classroom = _classroom(request, pk)
    return render(
        request,
        "school_councils/classroom_detail.html",
        {
            "classroom": classroom,
            "pupils": classroom.pupils.all(),
            "teachers": classroom.teachers.order_by("username"),
            "can_coordinate": selectors.user_can_coordinate(
                request.user, classroom.school
            ),
        },
    )


@staff_page
def pupils_add(request, pk):
    """Adds pupils from a pasted list; a wrong line adds nobody and is named."""
    classroom = _classroom(request, pk)
    form = PseudonymsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.pupils_add(
                by=request.user,
                classroom=classroom,
                pseudonyms_text=form.cleaned_data["pseudonyms"],
            )
        except ValidationError as error:
            form.add_error("pseudonyms", error)
        else:
            return _pupils_added(request, classroom, added)
    return render(
        request,
        "school_councils/pupils_add.html",
        {"classroom": classroom, "form": form},
    )


@staff_page
def pupils_generate(request, pk):
    """Adds a number of pupils with generated pseudonyms."""
    classroom = _classroom(request, pk)
    form = GenerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.pupils_generate(
                by=request.user, classroom=classroom, count=form.cleaned_data["count"]
            )
        except ValidationError as error:
            form.add_error("count", error)
        else:
            return _pupils_added(request, classroom, added)
    return render(
        request,
        "school_councils/pupils_generate.html",
        {"classroom": classroom, "form": form},
    )


def _pupils_added(request, classroom, added):
    messages.success(
        request,
        ngettext(
            "Added %(count)d pupil. Print their card so they can sign in.",
            "Added %(count)d pupils. Print their cards so they can sign in.",
            len(added),
        )
        % {"count": len(added)},
    )
    return redirect("classroom_detail", pk=classroom.pk)


@staff_page
def pupil_remove(request, pk):
    """Asks, then deletes the pupil and their account."""
    pupil = _pupil(request, pk)
    classroom = pupil.classroom
    if request.method == "POST":
        services.pupil_remove(by=request.user, pupil=pupil)
        messages.success(
            request, _("%(name)s was removed.") % {"name": pupil.pseudonym}
        )
        return redirect("classroom_detail", pk=classroom.pk)
    return render(
        request,
        "school_councils/pupil_confirm_remove.html",
        {"pupil": pupil, "classroom": classroom},
    )


@staff_page
def pupil_move(request, pk):
    """Moves a pupil to another class of the same school."""
    pupil = _pupil(request, pk)
    source = pupil.classroom
    targets = (
        selectors.classrooms_for_user(request.user)
        .filter(school=source.school)
        .exclude(pk=source.pk)
    )
    form = PupilMoveForm(request.POST or None, classrooms=targets)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["to"]
        try:
            services.pupil_move(by=request.user, pupil=pupil, to=target)
        except ValidationError as error:
            form.add_error("to", error)
        else:
            messages.success(
                request,
                _("%(name)s moved to class %(class)s.")
                % {"name": pupil.pseudonym, "class": target},
            )
            return redirect("classroom_detail", pk=source.pk)
    return render(
        request,
        "school_councils/pupil_move.html",
        {"pupil": pupil, "classroom": source, "form": form},
    )


@staff_page
def classroom_cards(request, pk):
    """Prints sign-in cards; printing gives the chosen pupils new codes."""
    classroom = _classroom(request, pk)
    form = CardsForm(request.POST or None, classroom=classroom)
    if request.method == "POST" and form.is_valid():
        # The old codes are replaced only if the PDF with the new ones is made.
        with transaction.atomic():
            issued = services.pupil_codes_issue(
                by=request.user, pupils=form.cleaned_data["chosen"]
            )
            return _cards_response(request, classroom, issued)
    return render(
        request,
        "school_councils/classroom_cards.html",
        {"classroom": classroom, "form": form},
    )


@staff_page
def pupil_code(request, pk):
    """Replaces a lost card: a POST gives the pupil a new code, shown once.

    A POST that sends back that very code returns its one-card PDF; the code is not
    kept anywhere, so only the page that showed it can ask for its card.
    """
    pupil = _pupil(request, pk)
    context = {"pupil": pupil, "classroom": pupil.classroom}
    if request.method != "POST":
        return render(request, "school_councils/pupil_code.html", context)
    if "code" in request.POST:
        return _one_card(request, pupil, request.POST["code"])
    (issued,) = services.pupil_codes_issue(by=request.user, pupils=[pupil])
    context["issued"] = issued
    return secret(render(request, "school_councils/pupil_code_issued.html", context))


def _one_card(request, pupil, code_text):
    if not selectors.pupil_code_is_current(pupil, code_text):
        return render(
            request,
            "school_councils/pupil_code_stale.html",
            {"pupil": pupil, "classroom": pupil.classroom},
            status=409,
        )
    issued = services.IssuedCode(pupil=pupil, code=codes.normalise(code_text))
    return _cards_response(request, pupil.classroom, [issued], name=pupil.pseudonym)


def _cards_response(request, classroom, issued, *, name=None):
    document = pdf.cards_pdf(
        classroom=classroom,
        issued=issued,
        signin_url=request.build_absolute_uri(reverse("pupil_signin")),
    )
    filename = slugify(f"{classroom.name} {name or ''}") or "cards"
    response = HttpResponse(document, content_type="application/pdf")
    # A download, not a page: going back and reloading must never print (and so
    # replace) the codes a second time.
    response["Content-Disposition"] = f'attachment; filename="cards-{filename}.pdf"'
    return secret(response)


@staff_page
def classroom_teachers(request, pk):
    """The school's coordinator chooses who teaches a class."""
    classroom = _classroom(request, pk)
    if not selectors.user_can_coordinate(request.user, classroom.school):
        raise Http404
    form = ClassroomTeachersForm(request.POST or None, classroom=classroom)
    if request.method == "POST" and form.is_valid():
        try:
            services.classroom_set_teachers(
                by=request.user,
                classroom=classroom,
                teachers=form.cleaned_data["teachers"],
            )
        except ValidationError as error:
            form.add_error("teachers", error)
        else:
            messages.success(
                request,
                _("Teachers of class %(name)s saved.") % {"name": classroom.name},
            )
            return redirect("classroom_detail", pk=classroom.pk)
    return render(
        request,
        "school_councils/classroom_teachers.html",
        {"classroom": classroom, "form": form},
    )
