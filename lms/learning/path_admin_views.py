"""Wagtail admin pages around onboarding paths and enrolments.

After a path is saved the administrator sees what applying it to existing staff would do
(``path_preview``) and may apply it: a background job (``path_apply_start``) whose
progress page ends with what it did. A person's learning history lists everything they
have done, newest first. The views call services and selectors; they hold no rules.
"""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.people.models import User
from lms.people.selectors import person_today
from quizzes.models import Attempt

from .models import Enrolment, LessonCompletion, OnboardingPath, ScenarioRun
from .services import path_apply_start, path_preview

PATH_PERMISSION = "learning.change_onboardingpath"
HISTORY_PERMISSION = "learning.view_enrolment"
PATHS_INDEX = "onboarding_paths:index"


class PermissionRequiredMixin:
    """Anyone without ``permission`` gets a plain 403 page."""

    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            # Wagtail turns a raised PermissionDenied into a redirect; say "forbidden" plainly.
            return TemplateResponse(
                request,
                "learning/admin/forbidden.html",
                {"page_title": self.page_title, "header_icon": self.header_icon},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


class PathMixin(PermissionRequiredMixin, WagtailAdminTemplateMixin):
    """Views of one onboarding path, found by the ``pk`` in the URL, for people who may edit
    paths."""

    permission = PATH_PERMISSION
    header_icon = "list-ol"

    @cached_property
    def path(self) -> OnboardingPath:
        return get_object_or_404(
            OnboardingPath.objects.select_related("job_role", "unit", "apply_job"),
            pk=self.kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.path.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(PATHS_INDEX), "label": _("Onboarding paths")},
            {
                "url": reverse("onboarding_paths:edit", args=[self.path.pk]),
                "label": self.path.name,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            path=self.path,
            index_url=reverse(PATHS_INDEX),
            edit_url=reverse("onboarding_paths:edit", args=[self.path.pk]),
            confirm_url=reverse("learning_path_confirm", args=[self.path.pk]),
            progress_url=reverse("learning_path_progress", args=[self.path.pk]),
        )
        return context


class PathConfirmView(PathMixin, TemplateView):
    """What applying the path to existing staff would do, course by course, and the button
    (POST) that applies it."""

    template_name = "learning/admin/path_confirm.html"
    page_title = gettext_lazy("Apply to existing staff")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.path.apply_job
        context.update(
            preview=path_preview(path=self.path),
            running_job=job if job is not None and not job.is_finished else None,
            apply_url=reverse("learning_path_apply", args=[self.path.pk]),
        )
        return context


class PathApplyView(PathMixin, View):
    """Queue the path's application (POST); applying twice while it runs queues it once."""

    http_method_names = ["post"]
    page_title = gettext_lazy("Apply to existing staff")

    def post(self, request, *args, **kwargs):
        path_apply_start(path=self.path, actor=request.user)
        return redirect("learning_path_progress", self.path.pk)


class PathProgressView(PathMixin, TemplateView):
    """The progress bar of the path's latest application; when done, what it did."""

    template_name = "learning/admin/path_progress.html"
    page_title = gettext_lazy("Applying the path")

    def get(self, request, *args, **kwargs):
        if self.path.apply_job is None:
            return redirect("learning_path_confirm", self.path.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.path.apply_job
        context.update(
            job=job,
            # Once finished, the page itself shows the result: nowhere further to go.
            done_url="" if job.is_finished else context["progress_url"],
            result=job.result if job.status == job.Status.SUCCEEDED else None,
        )
        return context


class PersonHistoryView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """One person's enrolments, lesson completions, scenario runs and exam attempts, each
    newest first. A fixed number of queries whatever the history's length."""

    permission = HISTORY_PERMISSION
    template_name = "learning/admin/person_history.html"
    page_title = gettext_lazy("Learning history")
    header_icon = "history"

    @cached_property
    def person(self) -> User:
        return get_object_or_404(
            User.objects.select_related("home_store", "job_role"), pk=self.kwargs["user_id"]
        )

    def get_page_subtitle(self):
        return str(self.person)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("enrolments:index"), "label": _("Enrolments")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.person
        today = person_today(person)
        labels = dict(Enrolment.Status.choices)
        enrolments = list(
            Enrolment.objects.filter(user=person)
            .select_related("course", "path", "assigned_by")
            .order_by("-enrolled_at", "-pk")
        )
        for enrolment in enrolments:
            enrolment.status_label = labels[enrolment.status_on(today)]
        context.update(
            person=person,
            today=today,
            enrolments=enrolments,
            completions=LessonCompletion.objects.filter(user=person)
            .select_related("lesson")
            .order_by("-completed_at", "-pk"),
            runs=ScenarioRun.objects.filter(user=person)
            .select_related("scenario")
            .defer("path", "choices")
            .order_by("-started_at", "-pk"),
            attempts=Attempt.objects.filter(user=person)
            .select_related("exam")
            .order_by("-started_at", "-pk"),
            edit_person_url=reverse("wagtailusers_users:edit", args=[person.pk])
            if self.request.user.has_perm("people.change_user")
            else "",
        )
        return context


urlpatterns = [
    path(
        "learning/paths/<int:pk>/confirm/",
        PathConfirmView.as_view(),
        name="learning_path_confirm",
    ),
    path("learning/paths/<int:pk>/apply/", PathApplyView.as_view(), name="learning_path_apply"),
    path(
        "learning/paths/<int:pk>/progress/",
        PathProgressView.as_view(),
        name="learning_path_progress",
    ),
    path(
        "learning/people/<int:user_id>/history/",
        PersonHistoryView.as_view(),
        name="learning_person_history",
    ),
]
