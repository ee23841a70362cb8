"""``manage.py load_demo``: Kraków demo schools, staff and pupils, safe to run again.

Every run leaves the same accounts with the same passwords and pupil codes, and
prints them. Demo passwords must never reach a real site, so the command refuses to
run with DEBUG off unless ``--force`` is given.
"""

from __future__ import annotations

import hashlib
import hmac

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from school_councils import services
from school_councils.models import (
    Classroom,
    District,
    Membership,
    Pupil,
    School,
    SchoolLevel,
    StaffRole,
)
from youth_civics import codes

User = get_user_model()

DEMO_KEY = b"youth-civics-demo"
SCHOOL_YEAR = 2026

SCHOOLS = [
    {
        "name": "Szkoła Podstawowa Demo nr 1",
        "district": District.STARE_MIASTO,
        "address": "ul. Przykładowa 1, 31-000 Kraków",
        "level": SchoolLevel.PRIMARY,
        "classes": [("7b", 7, "pl"), ("8a", 8, "pl"), ("6c", 6, "uk")],
    },
    {
        "name": "Szkoła Podstawowa Demo nr 2",
        "district": District.PODGORZE,
        "address": "ul. Przykładowa 2, 30-000 Kraków",
        "level": SchoolLevel.PRIMARY,
        "classes": [("7a", 7, "pl")],
    },
    {
        "name": "Liceum Ogólnokształcące Demo",
        "district": District.NOWA_HUTA,
        "address": "os. Przykładowe 3, 31-900 Kraków",
        "level": SchoolLevel.SECONDARY,
        "classes": [("2b", 2, "pl")],
    },
]

PUPILS = {
    "pl": [
        "Bystry Bóbr",
        "Zwinny Lis",
        "Mądry Jeż",
        "Dzielny Żubr",
        "Wesoły Kos",
        "Cichy Rys",
    ],
    "uk": ["Хоробрий Їжак", "Мудрий Сокіл", "Веселий Бобер", "Швидкий Заєць"],
}

# CMS accounts for the lessons' review workflow: (username, password, group).
EDITORS = [
    ("redaktor", "demo-redaktor-2026", "Editors"),
    ("moderator", "demo-moderator-2026", "Moderators"),
]

# (username, password, school index or None, role, city coordinator, superuser)
STAFF = [
    ("admin", "demo-admin-2026", None, None, False, True),
    ("miasto", "demo-miasto-2026", None, None, True, False),
    ("koordynator", "demo-koordynator-2026", 0, StaffRole.COORDINATOR, False, False),
    ("nauczycielka", "demo-nauczyciel-2026", 0, StaffRole.TEACHER, False, False),
    ("nauczyciel2", "demo-nauczyciel-2026", 1, StaffRole.TEACHER, False, False),
    ("koordynator-lo", "demo-koordynator-2026", 2, StaffRole.COORDINATOR, False, False),
]


def demo_code(school: str, classroom: str, pseudonym: str) -> str:
    """Returns a fixed sign-in code for a demo pupil, so printed codes stay valid."""
    digest = hmac.new(
        DEMO_KEY, f"{school}|{classroom}|{pseudonym}".encode(), hashlib.sha256
    )
    number = int.from_bytes(digest.digest()[:9], "big")
    body = "".join(codes.ALPHABET[(number >> (5 * i)) & 31] for i in range(14))
    return body + codes.check_character(body)


class Command(BaseCommand):
    help = (
        "Loads demo schools, classes, staff and pupils (idempotent) and prints logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never in production).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo sets known passwords; run it with DEBUG=true or --force."
            )
        with transaction.atomic():
            schools = [self._school(spec) for spec in SCHOOLS]
            staff = [self._staff(row, schools) for row in STAFF]
            pupil_codes = self._pupils(schools)
            self._assign_teachers(schools, staff)
        if apps.is_installed("lessons"):
            self._editors()
            call_command("load_demo_lessons", stdout=self.stdout, stderr=self.stderr)
        self._print(pupil_codes)

    def _school(self, spec) -> School:
        school, _ = School.objects.update_or_create(
            name=spec["name"],
            defaults={k: spec[k] for k in ("district", "address", "level")},
        )
        for name, grade, language in spec["classes"]:
            Classroom.objects.update_or_create(
                school=school,
                school_year=SCHOOL_YEAR,
                name=name,
                defaults={"grade": grade, "language": language},
            )
        return school

    def _staff(self, row, schools):
        username, password, school_index, role, city, superuser = row
        user, _ = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.set_password(password)
        user.is_staff = user.is_superuser = superuser
        user.save()
        if city:
            user.user_permissions.add(services.city_coordinator_permission())
        if school_index is not None:
            Membership.objects.update_or_create(
                user=user, school=schools[school_index], defaults={"role": role}
            )
        return user

    def _editors(self) -> None:
        from django.contrib.auth.models import Group

        for username, password, group_name in EDITORS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=group_name))

    def _assign_teachers(self, schools, staff):
        by_name = {user.username: user for user in staff}
        for classroom in Classroom.objects.filter(
            school=schools[0], name__in=["7b", "6c"]
        ):
            classroom.teachers.add(by_name["nauczycielka"])
        for classroom in Classroom.objects.filter(school=schools[1]):
            classroom.teachers.add(by_name["nauczyciel2"])

    def _pupils(self, schools) -> list[tuple[Classroom, str, str]]:
        issued = []
        classrooms = Classroom.objects.filter(
            school__in=schools, school_year=SCHOOL_YEAR
        ).order_by("school__name", "name")
        for classroom in classrooms:
            for pseudonym in PUPILS["uk" if classroom.language == "uk" else "pl"]:
                pupil = Pupil.objects.filter(
                    classroom=classroom, pseudonym=pseudonym
                ).first()
                if pupil is None:
                    user = User(username=f"pupil-demo-{classroom.pk}-{len(issued)}")
                    user.set_unusable_password()
                    user.save()
                    pupil = Pupil.objects.create(
                        user=user, classroom=classroom, pseudonym=pseudonym
                    )
                code = demo_code(classroom.school.name, classroom.name, pseudonym)
                Pupil.objects.filter(pk=pupil.pk).update(code_hash=codes.digest(code))
                issued.append((classroom, pseudonym, code))
        return issued

    def _print(self, pupil_codes) -> None:
        out = self.stdout
        out.write(
            self.style.SUCCESS("Demo data loaded. Sign in at http://127.0.0.1:8000/")
        )
        out.write("\nStaff (user name / password):")
        for username, password, school_index, role, city, superuser in STAFF:
            what = (
                "CMS administrator"
                if superuser
                else "city coordinator"
                if city
                else f"{role} at {SCHOOLS[school_index]['name']}"
            )
            out.write(f"  {username:<16} {password:<24} {what}")
        if apps.is_installed("lessons"):
            for username, password, group_name in EDITORS:
                what = f"CMS ({group_name}) at /cms/"
                out.write(f"  {username:<16} {password:<24} {what}")
        out.write("\nPupils (sign in at /signin/ with the code):")
        for classroom, pseudonym, code in pupil_codes[:8]:
            where = f"{classroom.name}, {classroom.school.name}"
            out.write(f"  {codes.display(code)}  {pseudonym} ({where})")
        out.write(
            f"  ... and {len(pupil_codes) - 8} more (print cards from a class page)."
        )
