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


class ScenarioRun(models.Model):
    """One play of a role-play scenario by one person, from the first step to an ending.

    A run plays one revision of the page, so republishing the scenario never changes a run
    under way. Each choice is kept with what it earned and the standard it applied or broke
    (by the standard's ``translation_key``), so the summary still makes sense after the page
    changes. Kept by the scenario's ``translation_key`` too: a run passed in any language
    counts for the course in every language.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scenario_runs",
        verbose_name=_("person"),
    )
    scenario = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("scenario"),
        help_text=_("The page, in the language it was played in."),
    )
    scenario_key = models.UUIDField(_("scenario (any language)"), db_index=True)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision"),
        help_text=_("The published version of the scenario this run plays."),
    )
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_("The reply index chosen at each step.")
    )
    path = models.JSONField(
        _("path"),
        default=list,
        blank=True,
        help_text=_(
            "For each choice: the step key, reply index, points, and the standard applied "
            "or broken (its translation key and the effect)."
        ),
    )
    score = models.IntegerField(_("score"), default=0)
    max_score = models.IntegerField(_("best possible score"))
    pass_score = models.IntegerField(_("pass score"))
    passed = models.BooleanField(_("passed"), default=False)
    ending_key = models.CharField(_("ending"), max_length=40, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("scenario run")
        verbose_name_plural = _("scenario runs")
        ordering = ["-started_at", "-pk"]
        constraints = [
            # Starting again resumes the open run: two tabs never play two at once.
            models.UniqueConstraint(
                fields=["user", "scenario"],
                condition=models.Q(finished_at__isnull=True),
                name="learning_one_open_run_per_scenario",
            )
        ]
        indexes = [
            models.Index(fields=["user", "scenario_key"], name="learning_run_user_key_idx"),
        ]

    def __str__(self):
        return f"{self.user} — {self.scenario}"

    @property
    def finished(self) -> bool:
        return self.finished_at is not None
