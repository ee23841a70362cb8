"""Lets the CMS's Editors write library quizzes and Moderators publish them, as
they do lessons and glossary terms."""

from django.db import migrations


def forwards(apps, schema_editor):
    from lessons import setup

    setup.ensure_permissions(apps)
    setup.ensure_quiz_library_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0003_selfpaced"),
        ("lessons", "0003_editorial_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
