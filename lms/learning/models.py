"""Learner state: what each person has done with the content."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LessonCompletion(models.Model):
    """A person marked a lesson as done.

    Kept by the lesson's ``translation_key``, so reading the lesson in any language
    counts for the course in every language.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_completions",
        verbose_name=_("person"),
    )
    lesson = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("lesson"),
        help_text=_("The page (in the language it was read in) where it was marked done."),
    )
    lesson_key = models.UUIDField(_("lesson (any language)"), db_index=True)
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson_key"], name="learning_one_completion_per_lesson"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.lesson}"
