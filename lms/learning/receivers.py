"""Receivers of the signals from the parts below learning; each only calls a service."""

from django.db import transaction
from django.dispatch import receiver

from lms.people.signals import placement_changed
from quizzes.signals import attempt_finished

from . import services


@receiver(attempt_finished, dispatch_uid="learning.enrolment_after_attempt")
def enrolment_after_attempt(sender, attempt, regraded=False, **kwargs):
    """A finished or regraded exam attempt may complete (or start) the course around it."""
    services.enrolment_refresh_for_page(user=attempt.user, page=attempt.exam)


@receiver(placement_changed, dispatch_uid="learning.paths_after_placement")
def paths_after_placement(sender, people, **kwargs):
    """People who joined or moved are enrolled by the onboarding paths that now cover them."""
    from .tasks import sync_enrolments

    ids = list(people)
    transaction.on_commit(lambda: sync_enrolments.delay(ids))
