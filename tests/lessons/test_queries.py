"""A long lesson renders with a bounded number of queries: as many for 33 blocks as
for 11, and fewer once the body is cached."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.lessons.factories import (
    every_block,
    make_document,
    make_embed,
    make_image,
    make_lesson,
    make_point,
    make_term,
    make_topic,
)

pytestmark = pytest.mark.django_db

# Session and roles, Wagtail's routing, the lesson's translations, topics and
# curriculum points, then one query per kind of related object in the body
# (images and their renditions, documents, glossary terms, embeds).
MAX_QUERIES = 30
MAX_QUERIES_CACHED = 23


def lesson_with(copies: int, slug: str):
    """A lesson with ``copies`` blocks of every kind, each copy with its own image,
    document and glossary term."""
    blocks = []
    for number in range(copies):
        blocks += every_block(
            image=make_image(f"{slug} {number}"),
            document=make_document(f"{slug} {number}"),
            term=make_term(slug=f"{slug}-{number}", term=f"Pojęcie {number}"),
        )
    return make_lesson(
        slug=slug,
        body=blocks,
        topics=[make_topic(slug=slug)],
        points=[make_point(slug)],
    )


@pytest.fixture
def teacher_client(school_a):
    client = Client()
    client.force_login(school_a.teacher)
    return client


def queries_to_render(client, lesson) -> int:
    cache.clear()
    client.get(lesson.url)  # renditions are made on the first view
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(lesson.url).status_code == 200
    return len(queries)


def test_a_lesson_of_thirty_three_blocks_needs_no_more_queries_than_one_of_eleven(
    teacher_client,
):
    make_embed()
    short = lesson_with(1, "short")
    long = lesson_with(3, "long")
    assert len(long.body) == 33

    assert queries_to_render(teacher_client, long) == queries_to_render(
        teacher_client, short
    )


def test_a_lesson_of_thirty_three_blocks_renders_in_a_bounded_number_of_queries(
    teacher_client, django_assert_max_num_queries
):
    make_embed()
    lesson = lesson_with(3, "long")
    teacher_client.get(lesson.url)
    cache.clear()

    with django_assert_max_num_queries(MAX_QUERIES):
        response = teacher_client.get(lesson.url)

    assert response.status_code == 200


def test_a_cached_lesson_needs_fewer_queries(
    teacher_client, django_assert_max_num_queries
):
    make_embed()
    lesson = lesson_with(3, "long")
    teacher_client.get(lesson.url)

    with django_assert_max_num_queries(MAX_QUERIES_CACHED):
        response = teacher_client.get(lesson.url)

    assert response.status_code == 200
