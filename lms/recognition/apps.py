from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    """Recognition programmes, monthly standings, awards and the recognition wall."""

    name = "lms.recognition"
    label = "recognition"
    verbose_name = _("Recognition")
