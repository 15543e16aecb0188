"""Regrading an exam in the background, as trainers start it from the Wagtail admin.

The job model has no parameters field, so the exam's page id travels in ``job.result``
until the handler replaces it with the summary (which keeps the id).
"""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Page

from lms.jobs.models import Job
from lms.jobs.services import job_create
from lms.jobs.tasks import run_job
from quizzes.models import Attempt, ExamPage
from quizzes.services import exam_regrade

JOB_KIND = "lms.learning.exam_regrade_job.exam_regrade_job"


def exam_finished_attempt_count(*, exam: ExamPage) -> int:
    """How many attempts a regrade of ``exam`` would grade again, in every language."""
    return (
        Attempt.objects.filter(exam_key=exam.translation_key)
        .exclude(status=Attempt.Status.OPEN)
        .count()
    )


def exam_regrade_jobs(*, exam: ExamPage):
    """The regrade jobs of ``exam``, newest first."""
    return Job.objects.filter(kind=JOB_KIND, result__exam_id=exam.pk)


def exam_regrade_start(*, exam: ExamPage, user) -> Job:
    """Queue a regrade of ``exam``; while one waits or runs, return that one instead.

    The exam's page row is locked first, so that two clicks at once still start one job.
    """
    with transaction.atomic():
        Page.objects.select_for_update().get(pk=exam.pk)
        unfinished = (
            exam_regrade_jobs(exam=exam)
            .filter(status__in=[Job.Status.PENDING, Job.Status.RUNNING])
            .first()
        )
        if unfinished is not None:
            return unfinished
        job = job_create(
            kind=JOB_KIND,
            owner=user,
            label=_("Regrade attempts: %(exam)s") % {"exam": exam.title},
            queue=False,
        )
        job.result = {"exam_id": exam.pk}
        Job.objects.filter(pk=job.pk).update(result=job.result)
        transaction.on_commit(lambda: run_job.delay(str(job.pk)))
    return job


def exam_regrade_job(job: Job, report: Callable[[int, str], None]) -> dict[str, int]:
    """The background job of a regrade: regrades the exam and returns the summary."""
    exam_id = job.result["exam_id"]
    exam = ExamPage.objects.get(pk=exam_id)
    owner = job.owner
    # Progress messages are stored as text, in the language of the person who started it.
    language = owner.preferred_language if owner is not None else settings.LANGUAGE_CODE
    with translation.override(language or settings.LANGUAGE_CODE):
        report(10, _("Grading the finished attempts again…"))
        summary = exam_regrade(exam=exam, user=owner)
        report(100, _("Done."))
    return {"exam_id": exam_id, **summary}
