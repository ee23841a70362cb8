"""City staff manage schools and classes in the Wagtail admin too."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser(
        "cms-admin", "cms@example.org", "pass-for-tests-1"
    )
    client.force_login(user)
    return client


def test_the_admin_lists_schools_and_classes(admin_client, school_a, school_b):
    schools = admin_client.get("/cms/school/")
    assert schools.status_code == 200
    assert school_a.school.name.encode() in schools.content
    assert school_b.school.name.encode() in schools.content
    classes = admin_client.get("/cms/classroom/")
    assert classes.status_code == 200
    assert b"7b" in classes.content


def test_a_school_is_created_in_the_admin(admin_client):
    response = admin_client.post(
        "/cms/school/new/",
        {
            "name": "Liceum Testowe",
            "district": 13,
            "address": "",
            "rspo": "123456",
            "level": "secondary",
        },
    )
    assert response.status_code == 302
    from school_councils.models import School

    assert School.objects.get(rspo="123456").name == "Liceum Testowe"


def test_a_duplicate_rspo_number_is_refused_with_a_message(admin_client, school_a):
    school_a.school.rspo = "999"
    school_a.school.save()
    response = admin_client.post(
        "/cms/school/new/",
        {
            "name": "Inna",
            "district": 1,
            "address": "",
            "rspo": "999",
            "level": "primary",
        },
    )
    assert response.status_code == 200
    assert b"RSPO" in response.content


def test_teachers_cannot_open_the_admin(client, school_a):
    client.force_login(school_a.teacher)
    response = client.get("/cms/school/")
    assert response.status_code in (302, 403)
