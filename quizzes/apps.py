from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    """The standards exam: question bank, exam pages, attempts and grading."""

    name = "quizzes"
    verbose_name = _("Standards exam")
