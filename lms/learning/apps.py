from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """Learner state: enrolments, progress, "My learning"."""

    name = "lms.learning"
    label = "learning"
    verbose_name = _("Learning")
