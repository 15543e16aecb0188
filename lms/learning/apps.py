from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """Learner state: enrolments, progress, "My learning"."""

    name = "lms.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
