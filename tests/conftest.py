"""Shared users and schools: two schools, each with a coordinator, a teacher, a class
and pupils, plus a city coordinator. Tenancy tests point every role at the other
school's objects."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from school_councils import services
from school_councils.models import Classroom, Pupil, School, SchoolLevel, StaffRole


@dataclass
class SchoolWorld:
    school: School
    coordinator: object
    teacher: object
    classroom: Classroom
    pupils: list[Pupil]


def make_school(name: str, *, suffix: str, district: int = 1) -> SchoolWorld:
    school = School.objects.create(
        name=name, district=district, level=SchoolLevel.PRIMARY
    )
    coordinator = services.staff_user_create(
        username=f"coordinator-{suffix}",
        email=f"coordinator-{suffix}@example.org",
        password="pass-for-tests-1",
        school=school,
        role=StaffRole.COORDINATOR,
    )
    teacher = services.staff_user_create(
        username=f"teacher-{suffix}",
        email=f"teacher-{suffix}@example.org",
        password="pass-for-tests-1",
        school=school,
        role=StaffRole.TEACHER,
    )
    classroom = services.classroom_create(
        by=teacher, school=school, name="7b", grade=7, school_year=2026
    )
    pupils = services.pupils_add(
        by=teacher, classroom=classroom, pseudonyms_text="Bystry Bóbr\nZwinny Lis"
    )
    return SchoolWorld(school, coordinator, teacher, classroom, pupils)


@pytest.fixture
def school_a(db) -> SchoolWorld:
    return make_school("Szkoła Podstawowa A", suffix="a", district=1)


@pytest.fixture
def school_b(db) -> SchoolWorld:
    return make_school("Szkoła Podstawowa B", suffix="b", district=13)


@pytest.fixture
def city_coordinator(db):
    return services.staff_user_create(
        username="city",
        email="city@example.org",
        password="pass-for-tests-1",
        city_coordinator=True,
    )


@pytest.fixture
def outsider(db):
    """A signed-up user with no school at all."""
    return services.staff_user_create(
        username="outsider", email="outsider@example.org", password="pass-for-tests-1"
    )


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
