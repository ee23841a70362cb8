from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _rebuild_after_flush(sender, apps=global_apps, using="default", **kwargs):
    """Recreates the locales, page tree, groups and workflow when the database has
    no pages at all: only ``flush`` leaves it so (the data migrations made them,
    and Wagtail's own migrations made the root page), as between browser tests."""
    from lessons import setup

    if not apps.get_model("wagtailcore", "Page").objects.using(using).exists():
        setup.ensure_all(apps)


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = _("Lessons")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_rebuild_after_flush, sender=self)
