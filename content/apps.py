from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """The published course site: pages, blocks, standards."""

    name = "content"
    verbose_name = _("Course content")
