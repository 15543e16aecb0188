from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from . import staff_import_views
from .invitations import register_invitation_log_actions
from .models import User
from .signals import placement_changed
from .viewsets import OrganisationViewSetGroup


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return OrganisationViewSetGroup()


class _ChangeFormatter(LogFormatter):
    """Says what a logged change went from and to (stored as ``{"from": ..., "to": ...}``)."""

    changed = ""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("%(what)s: %(before)s → %(after)s") % {
            "what": self.changed,
            "before": data.get("from") or "—",
            "after": data.get("to") or "—",
        }


@hooks.register("register_log_actions")
def register_people_log_actions(actions):
    actions.register_action("people.roles_changed", _("Change roles"), _("Roles changed"))
    actions.register_action("people.scope_granted", _("Grant scope"), _("Manager scope granted"))
    actions.register_action("people.scope_revoked", _("Revoke scope"), _("Manager scope revoked"))
    actions.register_action("people.deactivated", _("Deactivate"), _("Deactivated"))
    actions.register_action("people.reactivated", _("Reactivate"), _("Reactivated"))
    actions.register_action("people.staff_imported", _("Import staff"), _("Staff file imported"))

    @actions.register_action("people.store_changed")
    class StoreChanged(_ChangeFormatter):
        label = _("Change store")
        changed = _("Store changed")

    @actions.register_action("people.job_role_changed")
    class JobRoleChanged(_ChangeFormatter):
        label = _("Change job role")
        changed = _("Job role changed")


@hooks.register("register_admin_urls")
def register_staff_import_urls():
    return [
        path(
            "staff-import/",
            include((staff_import_views.urlpatterns, "staff_import"), namespace="staff_import"),
        ),
    ]


class StaffImportMenuItem(MenuItem):
    """The "Staff import" item of the Settings menu, for the people who may import staff."""

    def is_shown(self, request):
        return staff_import_views.may_import_staff(request.user)


@hooks.register("register_settings_menu_item")
def register_staff_import_menu_item():
    return StaffImportMenuItem(
        _("Staff import"),
        reverse_lazy("staff_import:index"),
        name="staff-import",
        icon_name="upload",
        order=610,
    )


hooks.register("register_log_actions", register_invitation_log_actions)


@hooks.register("after_create_user")
@hooks.register("after_edit_user")
def placement_after_admin_save(request, user):
    """A person created or edited in the admin may now belong to other onboarding paths."""
    placement_changed.send(sender=User, people=[user.pk])
