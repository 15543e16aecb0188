"""Admin for learner state: trainers play a scenario's latest revision and regrade an exam."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from content.models import ScenarioPage
from quizzes.models import ExamPage

from . import draft_play_views, exam_regrade_views


@hooks.register("register_admin_urls")
def register_scenario_draft_play_urls():
    return draft_play_views.urlpatterns


@hooks.register("register_page_header_buttons")
def scenario_draft_play_button(page, user, view_name, next_url=None):
    """Adds "Play latest revision" to a scenario's header menu, for people who may edit it."""
    if not issubclass(page.specific_class or type(page), ScenarioPage):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        _("Play latest revision"),
        reverse("learning_scenario_draft_play", kwargs={"page_id": page.pk}),
        icon_name="media",
        priority=25,
    )


@hooks.register("register_admin_urls")
def register_exam_regrade_urls():
    return exam_regrade_views.urlpatterns


@hooks.register("register_page_header_buttons")
def exam_regrade_button(page, user, view_name, next_url=None):
    """Adds "Regrade attempts" to an exam's header menu, for people who may edit it."""
    if not issubclass(page.specific_class or type(page), ExamPage):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        _("Regrade attempts"),
        reverse("learning_exam_regrade", kwargs={"page_id": page.pk}),
        icon_name="resubmit",
        priority=30,
    )


@hooks.register("register_log_actions")
def register_learning_log_actions(actions):
    """Onboarding actions in Wagtail's audit log (the services log them)."""
    actions.register_action("learning.path_applied", _("Apply onboarding path"), _("Applied"))
    actions.register_action("learning.course_assigned", _("Assign course"), _("Course assigned"))
    actions.register_action(
        "learning.reminder_sent", _("Send a reminder"), _("Reminder sent by a manager")
    )
    actions.register_action(
        "learning.due_date_changed", _("Change due date"), _("Due date changed")
    )


# Onboarding paths and enrolments ---------------------------------------------------------


@hooks.register("register_admin_viewset")
def register_learning_viewsets():
    from .viewsets import LearningViewSetGroup

    return LearningViewSetGroup()


@hooks.register("register_admin_urls")
def register_path_admin_urls():
    from . import path_admin_views

    return path_admin_views.urlpatterns


@hooks.register("register_user_listing_buttons")
def learning_history_user_button(user, request_user):
    """Adds "Learning history" to each person's menu in the user listing."""
    if not request_user.has_perm("learning.view_enrolment"):
        return []
    return [
        Button(
            _("Learning history"),
            reverse("learning_person_history", args=[user.pk]),
            icon_name="history",
            priority=40,
        )
    ]
