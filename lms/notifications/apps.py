from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """E-mail in the recipient's language, with a switch for optional mail."""

    name = "lms.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
