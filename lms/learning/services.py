"""Writes to learner state: marking lessons done and not done."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from content.models import LessonPage

from .models import LessonCompletion


def _check_can_complete(*, user, lesson) -> None:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Only an active person can track lessons."))
    if not isinstance(lesson, LessonPage) or not lesson.live:
        raise ValidationError(_("Only a published lesson can be marked as complete."))


def lesson_complete(*, user, lesson: LessonPage) -> LessonCompletion:
    """Record that ``user`` has done ``lesson``, in any of its languages; safe to repeat.

    The first completion is kept, with the page and time it was first marked on.
    """
    _check_can_complete(user=user, lesson=lesson)
    # get_or_create recovers from a concurrent insert through the unique constraint, so a
    # double submit from two tabs ends with one row, not an IntegrityError.
    with transaction.atomic():
        completion, _created = LessonCompletion.objects.get_or_create(
            user=user,
            lesson_key=lesson.translation_key,
            defaults={"lesson": lesson},
        )
    return completion


def lesson_uncomplete(*, user, lesson: LessonPage) -> None:
    """Forget that ``user`` has done ``lesson`` in any language; safe to repeat."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Only a signed-in person can track lessons."))
    LessonCompletion.objects.filter(user=user, lesson_key=lesson.translation_key).delete()
