from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PeopleConfig(AppConfig):
    """People, the organisation tree, job roles and manager scope."""

    default = True
    name = "lms.people"
    label = "people"
    verbose_name = _("People and organisation")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import roles

        # Groups and their permissions are declared in roles.py and kept in step after
        # every migrate, once the permissions themselves exist.
        post_migrate.connect(roles.groups_sync_after_migrate, dispatch_uid="people-groups-sync")


class AcademyUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for our user model."""

    user_viewset = "lms.people.viewsets.AcademyUserViewSet"
