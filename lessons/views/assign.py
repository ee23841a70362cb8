"""A teacher assigns a lesson to some of their classes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lessons import services
from lessons.forms import AssignForm
from lessons.selectors import assigned_classrooms
from school_councils import selectors as school_selectors
from school_councils.views.access import staff_page


@staff_page
def lesson_assign_view(request, page):
    """Checkboxes of the teacher's classes; a class of another school in the
    posted data is a 404, as everywhere else."""
    classrooms = list(
        school_selectors.classrooms_for_user(request.user).order_by(
            "-school_year", "grade", "name"
        )
    )
    data = request.POST if request.method == "POST" else None
    form = AssignForm(data, classrooms=classrooms)
    if request.method == "POST":
        allowed = {classroom.pk for classroom in classrooms}
        if form.posted_classroom_ids() - allowed:
            raise Http404
        if form.is_valid():
            response = _assign(request, page, form, classrooms)
            if response is not None:
                return response
    return page.render(
        request,
        template="lessons/lesson_assign.html",
        context_overrides={
            "form": form,
            "classrooms": classrooms,
            "already": assigned_classrooms(request.user, page),
        },
    )


def _assign(request, page, form, classrooms):
    chosen = set(form.cleaned_data["classrooms"])
    try:
        assignments = services.lesson_assign(
            by=request.user,
            lesson=page,
            classrooms=[c for c in classrooms if c.pk in chosen],
            date=form.cleaned_data["date"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    count = len(assignments)
    messages.success(
        request,
        ngettext(
            "The lesson is assigned to %(count)d class.",
            "The lesson is assigned to %(count)d classes.",
            count,
        )
        % {"count": count},
    )
    if count == 1:
        return redirect("classroom_detail", assignments[0].classroom_id)
    messages.info(request, _("Each class's page lists its lessons."))
    return redirect(page.url)
