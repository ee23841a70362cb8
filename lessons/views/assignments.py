"""A class's assigned lessons: marking one as taught."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lessons import selectors, services
from school_councils.views.access import staff_page


@staff_page
def assignment_taught(request, pk):
    assignment = get_object_or_404(selectors.assignments_for_user(request.user), pk=pk)
    if request.method == "POST":
        services.lesson_mark_taught(by=request.user, assignment=assignment)
        messages.success(
            request,
            _("“%(lesson)s” is marked as taught.")
            % {"lesson": assignment.lesson.title},
        )
        return redirect("classroom_detail", assignment.classroom_id)
    return render(request, "lessons/assignment_taught.html", {"assignment": assignment})
