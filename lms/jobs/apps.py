from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background jobs with progress a page can show."""

    name = "lms.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")
