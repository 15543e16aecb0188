"""Reminder e-mail: learners before a due date and when overdue, managers a weekly digest.

Beat runs ``reminders_send`` every hour. Each person is handled in their home store's
local time, and only from ``LEARNING_REMINDER_HOUR`` on, so a run missed at eight catches
up later the same local day. A ``ReminderSent`` row is inserted before any mail is queued
and mail goes out only for the rows this run inserted: a second run, or two workers at
once, never send the same reminder twice in a day.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from content.models import CoursePage
from lms.notifications.services import notification_send, wants_optional_email
from lms.people.models import OrgUnit, User
from lms.people.selectors import (
    people_in_scope,
    person_today,
    person_zone,
    time_zones_for_units,
)

from .models import Enrolment, ReminderSent

logger = logging.getLogger(__name__)

# An overdue course is mentioned on its first day overdue, then once a week.
OVERDUE_REPEAT_DAYS = 7


@dataclass(frozen=True)
class ReminderItem:
    """One course in a reminder or digest, as its recipient reads it.

    ``days`` is the days left for a course due soon, the days late for an overdue one.
    """

    enrolment: Enrolment
    course: CoursePage
    days: int
    url: str = ""

    @property
    def person(self) -> User:
        return self.enrolment.user


@dataclass(frozen=True)
class _Due:
    """A reminder one enrolment is due for today, before it is claimed."""

    enrolment: Enrolment
    kind: str
    local_date: date
    days_left: int

    @property
    def row(self) -> tuple[int, str, str, date]:
        return (self.enrolment.user_id, self.kind, _enrolment_key(self.enrolment), self.local_date)


def reminders_send(*, now: datetime | None = None) -> dict[str, int]:
    """Send the learner reminders and manager digests due at ``now``; safe to run any time.

    Returns how many e-mails of each kind this run queued (and how many failed).
    """
    now = now or timezone.now()
    zones = _zones_of_active_people()
    counts = {"reminders": 0, "digests": 0, "failed": 0}
    _learner_reminders_send(now=now, zones=zones, counts=counts)
    _manager_digests_send(now=now, zones=zones, counts=counts)
    return counts


# --- Local time


def _zones_of_active_people() -> dict[int, str]:
    """The time zone of every unit an active person works in; two queries."""
    units = OrgUnit.objects.filter(
        pk__in=User.objects.filter(is_active=True, home_store__isnull=False).values("home_store")
    ).only("pk", "path", "depth")
    return time_zones_for_units(units)


def _local_now(person: User, zones: dict[int, str], now: datetime) -> datetime:
    return now.astimezone(person_zone(person, zones))


def _latest_local_date(zones: dict[int, str], now: datetime) -> date:
    """Nobody's local date is later than this."""
    names = {*zones.values(), settings.TIME_ZONE}
    return max(now.astimezone(ZoneInfo(name)).date() for name in names)


def _is_reminder_time(local: datetime) -> bool:
    return local.hour >= settings.LEARNING_REMINDER_HOUR


def _receives_optional_mail(prefix: str = "") -> Q:
    """Active, with an address, and optional mail not switched off."""
    return (
        Q(**{f"{prefix}is_active": True})
        & ~Q(**{f"{prefix}email": ""})
        & ~Q(**{f"{prefix}notification_preference__optional_email": False})
    )


# --- Links in the recipient's language


def _language(person: User) -> str:
    return person.preferred_language or settings.LANGUAGE_CODE


def _courses_in_languages(enrolments, languages) -> dict[tuple, CoursePage]:
    """Live translations of the enrolments' courses by (course key, language); one query."""
    pages = (
        CoursePage.objects.live()
        .filter(
            translation_key__in={enrolment.course_key for enrolment in enrolments},
            locale__language_code__in=set(languages),
        )
        .select_related("locale")
    )
    return {(page.translation_key, page.locale.language_code): page for page in pages}


def _absolute(path: str | None) -> str:
    return f"{settings.SITE_URL}{path or '/'}"


def _page_url(page: CoursePage, language: str) -> str:
    with translation.override(language):
        parts = page.get_url_parts()
    return _absolute(parts[2] if parts else None)


def _site_links(language: str) -> dict[str, str]:
    """The links every reminder carries: the site, My learning, where to switch mail off."""
    with translation.override(language):
        return {
            "home_url": _absolute(reverse("wagtail_serve", args=("",))),
            "my_learning_url": _absolute(reverse("learning:my_learning")),
            "preferences_url": _absolute(reverse("account_profile")),
        }


# --- Once a day


def _claim(*, user_id: int, kind: str, key: str, local_date: date) -> bool:
    """Insert the ``ReminderSent`` row; False when a run (this one or another) has it.

    On PostgreSQL the insert of a row another transaction has just inserted waits for
    that transaction and then fails, so exactly one of two concurrent runs claims it.
    """
    try:
        with transaction.atomic():
            ReminderSent.objects.create(user_id=user_id, kind=kind, key=key, local_date=local_date)
    except IntegrityError:
        return False
    return True


def _already_sent(rows: list[tuple[int, str, str, date]]) -> set[tuple[int, str, str, date]]:
    """Which of these (person id, kind, key, local date) rows exist; one query.

    It only spares a second run the inserts; ``_claim`` is what decides.
    """
    if not rows:
        return set()
    existing = ReminderSent.objects.filter(
        user_id__in={row[0] for row in rows},
        kind__in={row[1] for row in rows},
        key__in={row[2] for row in rows},
        local_date__in={row[3] for row in rows},
    ).values_list("user_id", "kind", "key", "local_date")
    return set(existing) & set(rows)


# --- Learners


def _enrolment_key(enrolment: Enrolment) -> str:
    return f"enrolment-{enrolment.pk}"


def reminder_kind(*, days_left: int) -> str | None:
    """Which reminder, if any, a course due in ``days_left`` days (negative: late) gets today."""
    if days_left in settings.LEARNING_REMINDER_DAYS_BEFORE:
        return ReminderSent.Kind.DUE_SOON
    if days_left < 0 and (-days_left) % OVERDUE_REPEAT_DAYS == 1:
        return ReminderSent.Kind.OVERDUE
    return None


def _reminders_due(*, now: datetime, zones: dict[int, str]) -> list[_Due]:
    """Today's reminders of people whose local morning has come, not yet sent; two queries."""
    furthest = max(settings.LEARNING_REMINDER_DAYS_BEFORE, default=0)
    enrolments = (
        Enrolment.objects.filter(
            _receives_optional_mail("user__"),
            withdrawn_at__isnull=True,
            completed_at__isnull=True,
            due_on__lte=_latest_local_date(zones, now) + timedelta(days=furthest),
        )
        .select_related("user", "course")
        .order_by("due_on", "pk")
    )
    due = []
    for enrolment in enrolments:
        local = _local_now(enrolment.user, zones, now)
        if not _is_reminder_time(local):
            continue
        days_left = (enrolment.due_on - local.date()).days
        kind = reminder_kind(days_left=days_left)
        if kind is not None:
            due.append(_Due(enrolment, kind, local.date(), days_left))
    sent = _already_sent([item.row for item in due])
    return [item for item in due if item.row not in sent]


def _learner_reminders_send(*, now: datetime, zones: dict[int, str], counts: dict) -> None:
    due = _reminders_due(now=now, zones=zones)
    if not due:
        return
    translations = _courses_in_languages(
        [item.enrolment for item in due], {_language(item.enrolment.user) for item in due}
    )
    by_person: dict[int, list[_Due]] = defaultdict(list)
    for item in due:
        by_person[item.enrolment.user_id].append(item)
    for items in by_person.values():
        try:
            if _learner_reminder_send(items, translations):
                counts["reminders"] += 1
        except Exception:
            # One person's mail must not hold back everyone after them; the next run retries.
            logger.exception("Reminder to person %s failed", items[0].enrolment.user_id)
            counts["failed"] += 1


def _learner_reminder_send(items: list[_Due], translations: dict) -> bool:
    """One e-mail with the person's courses due soon and overdue that no run claimed today."""
    person = items[0].enrolment.user
    language = _language(person)
    due_soon, overdue = [], []
    with transaction.atomic():
        for item in items:
            if not _claim(
                user_id=person.pk,
                kind=item.kind,
                key=_enrolment_key(item.enrolment),
                local_date=item.local_date,
            ):
                continue
            enrolment = item.enrolment
            course = translations.get((enrolment.course_key, language), enrolment.course)
            url = _page_url(course, language)
            if item.kind == ReminderSent.Kind.DUE_SOON:
                due_soon.append(ReminderItem(enrolment, course, item.days_left, url))
            else:
                overdue.append(ReminderItem(enrolment, course, -item.days_left, url))
        if not due_soon and not overdue:
            return False
        return notification_send(
            user=person,
            template="learning/reminder",
            context={
                "due_soon": due_soon,
                "overdue": overdue,
                "items_count": len(due_soon) + len(overdue),
                **_site_links(language),
            },
            optional=True,
        )


# --- Managers


def digest_key(local_date: date) -> str:
    """The ISO week of ``local_date``, as ``2026-W48``."""
    year, week, _ = local_date.isocalendar()
    return f"{year}-W{week:02d}"


def _manager_digests_send(*, now: datetime, zones: dict[int, str], counts: dict) -> None:
    managers = []
    for manager in User.objects.filter(_receives_optional_mail(), scopes__isnull=False).distinct():
        local = _local_now(manager, zones, now)
        if local.weekday() == 0 and _is_reminder_time(local):
            managers.append((manager, local.date()))
    rows = {
        manager.pk: (manager.pk, ReminderSent.Kind.DIGEST, digest_key(today), today)
        for manager, today in managers
    }
    sent = _already_sent(list(rows.values()))
    for manager, today in managers:
        if rows[manager.pk] in sent:
            continue
        try:
            if _manager_digest_send(manager=manager, local_date=today, now=now, zones=zones):
                counts["digests"] += 1
        except Exception:
            logger.exception("Digest to manager %s failed", manager.pk)
            counts["failed"] += 1


def _overdue_in_scope(manager: User, *, now: datetime, zones: dict[int, str]) -> list:
    """(enrolment, days late) of the manager's active people, late on their own date."""
    enrolments = (
        Enrolment.objects.filter(
            user__in=people_in_scope(manager).filter(is_active=True),
            withdrawn_at__isnull=True,
            completed_at__isnull=True,
            due_on__lt=_latest_local_date(zones, now),
        )
        .select_related("user__home_store", "course")
        .order_by("user__full_name", "user_id", "due_on", "pk")
    )
    overdue = []
    for enrolment in enrolments:
        days_late = (_local_now(enrolment.user, zones, now).date() - enrolment.due_on).days
        if days_late > 0:
            overdue.append((enrolment, days_late))
    return overdue


def _manager_digest_send(*, manager: User, local_date: date, now: datetime, zones) -> bool:
    """The week's digest of the manager's overdue people; nothing when nobody is overdue."""
    overdue = _overdue_in_scope(manager, now=now, zones=zones)
    if not overdue:
        return False
    language = _language(manager)
    translations = _courses_in_languages([enrolment for enrolment, _ in overdue], {language})
    items = [
        ReminderItem(
            enrolment,
            translations.get((enrolment.course_key, language), enrolment.course),
            days_late,
        )
        for enrolment, days_late in overdue
    ]
    with transaction.atomic():
        if not _claim(
            user_id=manager.pk,
            kind=ReminderSent.Kind.DIGEST,
            key=digest_key(local_date),
            local_date=local_date,
        ):
            return False
        return notification_send(
            user=manager,
            template="learning/digest",
            context={
                "items": items,
                "people_count": len({item.enrolment.user_id for item in items}),
                **_site_links(language),
            },
            optional=True,
        )


# --- Sent by a manager


def reminder_send_now(*, actor: User, enrolment: Enrolment) -> bool:
    """A manager reminds one person of one course now, in the person's language; logged.

    At most once a day per course (a second click, or a second manager, sends nothing and
    returns False). A completed or withdrawn course, a person without e-mail, or one who
    switched optional e-mail off gets nothing, and the ValidationError says why.
    """
    if not people_in_scope(actor).filter(pk=enrolment.user_id).exists():
        raise PermissionDenied(_("You can remind only people in your stores."))
    enrolment = Enrolment.objects.select_related("user__home_store", "course").get(pk=enrolment.pk)
    person = enrolment.user
    if enrolment.withdrawn_at is not None or enrolment.completed_at is not None:
        raise ValidationError(
            _("%(person)s has nothing left to do in this course.") % {"person": person}
        )
    if not person.is_active or not person.email:
        raise ValidationError(_("%(person)s has no e-mail address.") % {"person": person})
    if not wants_optional_email(person):
        raise ValidationError(
            _("%(person)s has switched reminder e-mails off.") % {"person": person}
        )
    language = _language(person)
    today = person_today(person)
    with transaction.atomic():
        if not _claim(
            user_id=person.pk,
            kind=ReminderSent.Kind.MANUAL,
            key=_enrolment_key(enrolment),
            local_date=today,
        ):
            return False
        course = _courses_in_languages([enrolment], [language]).get(
            (enrolment.course_key, language), enrolment.course
        )
        days = (enrolment.due_on - today).days if enrolment.due_on else None
        item = ReminderItem(
            enrolment, course, abs(days) if days else 0, _page_url(course, language)
        )
        notification_send(
            user=person,
            template="learning/reminder_manual",
            context={
                "manager": actor,
                "item": item,
                "overdue": days is not None and days < 0,
                **_site_links(language),
            },
            optional=True,
        )
        log(
            instance=person,
            action="learning.reminder_sent",
            user=actor,
            data={"course": enrolment.course.title},
        )
    return True


def reminders_sent_purge(*, today: date | None = None) -> int:
    """Delete the record of reminders sent more than ``LEARNING_REMINDERS_KEEP_DAYS`` ago;
    returns how many. Only the current day's rows stop a second reminder, so older ones
    are history, and a table that grows by a row per reminder needs trimming."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.LEARNING_REMINDERS_KEEP_DAYS)
    deleted, _ = ReminderSent.objects.filter(local_date__lt=cutoff).delete()
    return deleted
