"""Serializers for the lesson fields Wagtail's content API shows (``api_fields``)."""

from rest_framework.serializers import CharField, Serializer


class TopicSerializer(Serializer):
    slug = CharField()
    name = CharField()


class CurriculumPointSerializer(Serializer):
    subject = CharField()
    stage = CharField()
    code = CharField()
    text = CharField()
