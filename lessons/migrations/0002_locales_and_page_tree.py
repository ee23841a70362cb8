from django.db import migrations


def forwards(apps, schema_editor):
    from lessons import setup

    setup.ensure_permissions(apps)
    setup.ensure_locales(apps)
    setup.ensure_page_tree(apps)


class Migration(migrations.Migration):
    """Creates the locales pl, uk and en, and the home page (the site root) and the
    lessons index in each of them."""

    dependencies = [
        ("lessons", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
