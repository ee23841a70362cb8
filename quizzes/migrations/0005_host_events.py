from django.db import migrations, models
from django.db.models import F


def hosts_continue_from_seq(apps, schema_editor):
    """Sessions running during the upgrade: the hosts' numbers carry on from the
    numbers they were shown, so their screens see no step back."""
    LiveSession = apps.get_model("quizzes", "LiveSession")
    LiveSession.objects.update(host_seq=F("seq"))


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0004_library_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="livesession",
            name="host_seq",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.RunPython(hosts_continue_from_seq, migrations.RunPython.noop),
    ]
