"""Pages of the lessons app outside the page tree. Every route that takes an object
is in the tenancy matrix of ``tests/lessons/test_tenancy.py``."""

from django.urls import path

from lessons.views import assignments

urlpatterns = [
    path(
        "lesson-assignments/<int:pk>/taught/",
        assignments.assignment_taught,
        name="lesson_assignment_taught",
    ),
]
