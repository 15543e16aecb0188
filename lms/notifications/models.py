"""What mail a person wants."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationPreference(models.Model):
    """A person's choice about optional e-mail; essential mail is always sent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("person"),
    )
    optional_email = models.BooleanField(
        _("optional e-mails"),
        default=True,
        help_text=_("Reminders, digests and news. Account and certificate mail is always sent."),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)
