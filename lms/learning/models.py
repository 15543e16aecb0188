"""Learner state: what each person has done with the content."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable


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


# Onboarding paths and enrolments --------------------------------------------------------


class OnboardingPath(ClusterableModel):
    """A rule that enrols people in courses by their job role and/or where they work.

    A path with a unit covers the people whose home store is that unit or below it (a rule
    on a region covers its stores). A path with both a role and a unit needs both to match.
    Its courses, in order, are its ``courses`` rows, each with its own due date rule.
    """

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    job_role = models.ForeignKey(
        "people.JobRole",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="onboarding_paths",
        verbose_name=_("job role"),
        help_text=_("Leave blank for every role in the unit."),
    )
    unit = models.ForeignKey(
        "people.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="onboarding_paths",
        verbose_name=_("unit"),
        help_text=_(
            "A region or the company covers every store below it. Leave blank for every unit."
        ),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "An inactive path enrols nobody. Its enrolments that nobody has started are "
            "withdrawn when it is applied or its people change; started ones are kept."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    applied_at = models.DateTimeField(
        _("last applied to existing staff"), null=True, blank=True, editable=False
    )
    apply_job = models.ForeignKey(
        "jobs.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="onboarding_paths",
        verbose_name=_("latest application"),
    )

    class Meta:
        verbose_name = _("onboarding path")
        verbose_name_plural = _("onboarding paths")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(job_role__isnull=False) | models.Q(unit__isnull=False),
                name="learning_path_has_role_or_unit",
            )
        ]

    def __str__(self):
        return self.name


class PathCourse(Orderable):
    """A course of an onboarding path and when it is due."""

    path = ParentalKey(OnboardingPath, on_delete=models.CASCADE, related_name="courses")
    course = models.ForeignKey(
        "content.CoursePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )
    due_in_days = models.PositiveSmallIntegerField(
        _("due after (days)"),
        null=True,
        blank=True,
        help_text=_("Days after the later of the hire date and the day the course is assigned."),
    )
    due_on = models.DateField(
        _("due on"), null=True, blank=True, help_text=_("Or a fixed date for everyone.")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("course of a path")
        verbose_name_plural = _("courses of a path")
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(due_in_days__isnull=False) & models.Q(due_on__isnull=False)),
                name="learning_path_course_one_due_rule",
            )
        ]

    def __str__(self):
        return str(self.course)


class Enrolment(models.Model):
    """A person is to take a course: how they came to it, when it is due, how far they are.

    One per person and course (by the course's ``translation_key``, so the course counts
    in every language). An enrolment a rule no longer gives is withdrawn, not deleted, when
    it was not started; a withdrawn one comes back if the rule applies again.
    """

    class Source(models.TextChoices):
        RULE = "rule", _("Onboarding path")
        MANAGER = "manager", _("Assigned by a manager")
        SELF = "self", _("Self-enrolled")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        OVERDUE = "overdue", _("Overdue")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("person"),
    )
    course = models.ForeignKey(
        "content.CoursePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )
    course_key = models.UUIDField(_("course (any language)"), db_index=True)
    source = models.CharField(_("how"), max_length=10, choices=Source.choices)
    path = models.ForeignKey(
        OnboardingPath,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("onboarding path"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    due_on = models.DateField(_("due"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completion_attempt = models.ForeignKey(
        "quizzes.Attempt",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exam attempt"),
        help_text=_("The best exam attempt when the course was completed."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course_key"], name="learning_one_enrolment_per_course"
            )
        ]
        indexes = [models.Index(fields=["due_on"], name="learning_enrolment_due_idx")]

    def __str__(self):
        return f"{self.user} — {self.course}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    def status_on(self, today) -> str:
        """The status on the person's local date ``today`` (overdue is worked out, not stored)."""
        if self.withdrawn_at is not None:
            return self.Status.WITHDRAWN
        if self.completed_at is not None:
            return self.Status.COMPLETED
        if self.due_on is not None and today > self.due_on:
            return self.Status.OVERDUE
        if self.started_at is not None:
            return self.Status.IN_PROGRESS
        return self.Status.NOT_STARTED


class ReminderSent(models.Model):
    """A reminder or digest mailed to a person on their local date: never the same twice.

    ``key`` names what it was about (an enrolment, or the week of a digest); the unique
    constraint makes a second run of the job, or two workers at once, send nothing more.
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        DIGEST = "digest", _("Manager's weekly digest")
        MANUAL = "manual", _("Sent by a manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("about"), max_length=60)
    local_date = models.DateField(_("date"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key", "local_date"], name="learning_one_reminder_a_day"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.kind} {self.local_date}"
