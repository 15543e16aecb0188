"""Trainers regrade an exam's finished attempts from the Wagtail admin, after fixing a question.

The confirmation says what will happen; the regrade itself runs as a background job
(``exam_regrade_job.py``) whose progress page ends with the summary.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from lms.jobs.models import Job
from quizzes.models import ExamPage

from .exam_regrade_job import exam_finished_attempt_count, exam_regrade_jobs, exam_regrade_start

ICON = "resubmit"


class ExamRegradeMixin(WagtailAdminTemplateMixin):
    """Views of one exam page, found by the ``page_id`` in the URL, for people who may edit it.

    Any other page is a 404; a person who may not edit the exam gets a 403 page.
    """

    page_title = gettext_lazy("Regrade attempts")
    header_icon = ICON

    @cached_property
    def exam(self) -> ExamPage:
        page = get_object_or_404(Page, pk=self.kwargs["page_id"])
        if not issubclass(page.specific_class or Page, ExamPage):
            raise Http404
        return page.specific

    def dispatch(self, request, *args, **kwargs):
        if not self.exam.permissions_for_user(request.user).can_edit():
            # Wagtail turns a raised PermissionDenied into a redirect; say "forbidden" plainly.
            return TemplateResponse(
                request,
                "learning/admin/exam_regrade_forbidden.html",
                {"page_title": _("Regrade attempts"), "header_icon": ICON},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.exam.title

    @cached_property
    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.exam.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.edit_url, "label": self.exam.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(exam=self.exam, edit_url=self.edit_url)
        return context


class ExamRegradeConfirmView(ExamRegradeMixin, TemplateView):
    """What a regrade does, and the button (POST) that starts it in the background."""

    template_name = "learning/admin/exam_regrade_confirm.html"
    http_method_names = ["get", "post"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            attempt_count=exam_finished_attempt_count(exam=self.exam),
            question_bank_url=reverse("wagtailsnippets_quizzes_question:list"),
        )
        return context

    def post(self, request, *args, **kwargs):
        job = exam_regrade_start(exam=self.exam, user=request.user)
        return redirect("learning_exam_regrade_progress", page_id=self.exam.pk, job_id=job.pk)


class ExamRegradeProgressView(ExamRegradeMixin, TemplateView):
    """The progress bar of a running regrade; once it has finished, its summary."""

    template_name = "learning/admin/exam_regrade_progress.html"

    @cached_property
    def job(self) -> Job:
        return get_object_or_404(exam_regrade_jobs(exam=self.exam), pk=self.kwargs["job_id"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        summary = job.result if job.status == Job.Status.SUCCEEDED else None
        context.update(
            job=job,
            summary=summary,
            progress_url=self.request.path,
            confirm_url=reverse("learning_exam_regrade", kwargs={"page_id": self.exam.pk}),
        )
        return context


urlpatterns = [
    path(
        "learning/exams/<int:page_id>/regrade/",
        ExamRegradeConfirmView.as_view(),
        name="learning_exam_regrade",
    ),
    path(
        "learning/exams/<int:page_id>/regrade/<uuid:job_id>/",
        ExamRegradeProgressView.as_view(),
        name="learning_exam_regrade_progress",
    ),
]
