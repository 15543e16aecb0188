"""Wagtail admin for people, organisation units and job roles."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.users.views.users import UserViewSet

from .forms import OrgUnitForm, PersonCreationForm, PersonEditForm
from .models import JobRole, OrgUnit


class AcademyUserViewSet(UserViewSet):
    """Wagtail's user admin with our person fields."""

    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm


class IndentedNameColumn(Column):
    """Shows a unit's name indented by its depth, so the listing reads as a tree."""

    def get_value(self, instance):
        return f"{'— ' * (instance.depth - 1)}{instance.name}"


class OrgUnitViewSet(ModelViewSet):
    """The organisation tree: company, regions, stores."""

    model = OrgUnit
    icon = "site"
    menu_label = _("Organisation")
    add_to_admin_menu = False
    ordering = "path"
    search_fields = ["name", "code"]
    list_display = [
        IndentedNameColumn("name", label=_("Name")),
        "code",
        "kind",
        Column("effective_time_zone", label=_("Time zone")),
    ]
    list_filter = ["kind"]

    def get_form_class(self, for_update=False):
        return OrgUnitForm


class JobRoleViewSet(ModelViewSet):
    """Job roles people hold in the stores."""

    model = JobRole
    icon = "group"
    menu_label = _("Job roles")
    form_fields = ["code", "name"]
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class OrganisationViewSetGroup(ViewSetGroup):
    """The "Organisation" menu of the Wagtail admin."""

    menu_label = _("Organisation")
    menu_icon = "site"
    menu_order = 900
    items = (OrgUnitViewSet("org_units"), JobRoleViewSet("job_roles"))
