from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolCouncilsConfig(AppConfig):
    name = "school_councils"
    verbose_name = _("Schools and councils")
