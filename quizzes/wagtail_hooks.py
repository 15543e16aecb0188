"""Register the question bank and the exam's log actions with Wagtail."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .models import REGRADE_LOG_ACTION
from .viewsets import QuestionViewSet

register_snippet(QuestionViewSet)


@hooks.register("register_log_actions")
def register_exam_log_actions(actions):
    # Wagtail stores only log entries whose action is registered.
    actions.register_action(REGRADE_LOG_ACTION, _("Regrade exam"), _("Exam regraded"))
