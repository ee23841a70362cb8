from django.db import migrations


def forwards(apps, schema_editor):
    from lessons import setup

    setup.ensure_permissions(apps)
    setup.ensure_root_collection(apps)
    setup.ensure_editorial_groups(apps)
    setup.ensure_review_workflow(apps)


class Migration(migrations.Migration):
    """Gives the Editors and Moderators groups their rights over lessons and
    creates the "Lesson review" workflow (Moderators approve) on the lessons index."""

    dependencies = [
        ("lessons", "0002_locales_and_page_tree"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
