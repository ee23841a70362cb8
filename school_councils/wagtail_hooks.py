# Schools and classes in the Wagtail admin for city staff:
# https://docs.wagtail.org/en/stable/extending/generic_views.html#modelviewset
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from school_councils.models import Classroom, Membership, School


class SchoolViewSet(ModelViewSet):
    model = School
    icon = "home"
    menu_label = _("Schools")
    list_display = ["name", "district", "level", "rspo"]
    list_filter = ["district", "level"]
    search_fields = ["name", "address", "rspo"]
    form_fields = ["name", "district", "address", "rspo", "level"]
    add_to_admin_menu = False


class ClassroomViewSet(ModelViewSet):
    model = Classroom
    icon = "group"
    menu_label = _("Classes")
    list_display = ["name", "school", "grade", "school_year", "language"]
    list_filter = ["school", "school_year", "grade"]
    search_fields = ["name", "school__name"]
    form_fields = ["school", "name", "grade", "school_year", "language", "teachers"]


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Staff memberships")
    list_display = ["user", "school", "role"]
    list_filter = ["school", "role"]
    search_fields = ["user__username", "user__email", "school__name"]
    form_fields = ["user", "school", "role"]


class SchoolsGroup(ViewSetGroup):
    menu_label = _("Schools")
    menu_icon = "home"
    menu_order = 250
    items = (SchoolViewSet, ClassroomViewSet, MembershipViewSet)


@hooks.register("register_admin_viewset")
def register_schools_group():
    return SchoolsGroup()
