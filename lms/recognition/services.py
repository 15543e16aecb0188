"""Writes for recognition: granting a month's awards, confirming and overriding them."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from lms.certificates.models import Certificate
from lms.certificates.services import (
    certificate_issue_award,
    certificate_language,
    certificate_revoke,
)
from lms.notifications.services import notification_send
from lms.people.models import OrgUnit, User
from lms.people.selectors import time_zones_for_units, units_in_scope, user_is_administrator

from .models import Award, MonthResult, Programme
from .scoring import Standing
from .selectors import Standings, month_window, standings_for_month

AWARD_CONFIRMED = "recognition.award_confirmed"
AWARD_AUTO_CONFIRMED = "recognition.award_auto_confirmed"
AWARD_OVERRIDDEN = "recognition.award_overridden"


def register_recognition_log_actions(actions) -> None:
    """The award actions in Wagtail's audit log (a ``register_log_actions`` hook)."""
    for action, label, message in (
        (AWARD_CONFIRMED, gettext_lazy("Confirm award"), gettext_lazy("Award confirmed")),
        (
            AWARD_AUTO_CONFIRMED,
            gettext_lazy("Confirm award automatically"),
            gettext_lazy("Award confirmed automatically"),
        ),
        (AWARD_OVERRIDDEN, gettext_lazy("Override award"), gettext_lazy("Award overridden")),
    ):
        actions.register_action(action, label, message)


@dataclass
class GrantResult:
    """What one ``award_grant`` did for a programme, month and unit."""

    programme: Programme
    unit: OrgUnit
    month: date
    eligible_count: int
    winners: list[Standing]
    reason: str
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0
    awards: list[Award] = field(default_factory=list)


def previous_month(day: date) -> date:
    """The first day of the month before the one ``day`` is in."""
    first = day.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def award_parts(standing: Standing) -> dict:
    """The facts behind a standing, as JSON: each part and each tie-break."""
    row = standing.row

    def text(value):
        return None if value is None else str(value)

    return {
        "exams": text(row.exams_part),
        "roleplay": text(row.roleplay_part),
        "on_time": text(row.on_time_part),
        "finished_exams": row.finished_exams,
        "first_attempt_mean": text(row.first_attempt_mean),
        "attempts_total": row.attempts_total,
        "last_finish": row.last_finish.isoformat(),
        "store_id": row.store_id,
    }


def _check_unit(programme: Programme, unit: OrgUnit) -> None:
    if unit.kind != programme.scope_level:
        raise ValidationError(
            _("%(programme)s awards per %(level)s; %(unit)s is not one.")
            % {
                "programme": programme,
                "level": programme.get_scope_level_display().lower(),
                "unit": unit,
            }
        )


def _lock_month(*, programme: Programme, unit: OrgUnit, month: date) -> MonthResult:
    """The month's result row, created if missing and locked until the transaction ends.

    Two callers at once both try to insert; PostgreSQL makes the second wait on the unique
    index until the first commits, then it fails, and the retry reads and locks the row the
    first one committed. So the callers run one after the other.
    """
    # ``get_or_create`` inserts in a savepoint and, on the IntegrityError, gets again: with
    # ``select_for_update`` that second read waits for and locks the other caller's row.
    return MonthResult.objects.select_for_update().get_or_create(
        programme=programme, month=month, unit=unit
    )[0]


def award_grant(
    *, programme: Programme, unit: OrgUnit, month: date, now: datetime | None = None
) -> GrantResult:
    """Propose the month's winners of ``programme`` in ``unit`` (``month``: any day in it).

    Safe to run again and at the same time: proposed awards follow the standings (new
    winners added, changed ones updated, people no longer winning removed); confirmed and
    withdrawn awards are never touched. The result row records how many took part and
    won, and why nobody won when nobody did.
    """
    _check_unit(programme, unit)
    month = month.replace(day=1)
    now = now or timezone.now()
    with transaction.atomic():
        result = _lock_month(programme=programme, unit=unit, month=month)
        # The reason is stored once, in the site's language; the standings' own text follows
        # the active language.
        with translation.override(settings.LANGUAGE_CODE):
            standings = standings_for_month(programme=programme, unit=unit, month=month)
        winners = {standing.row.user_id: standing for standing in standings.winners}
        grant = GrantResult(
            programme=programme,
            unit=unit,
            month=month,
            eligible_count=standings.eligible_count,
            winners=standings.winners,
            reason=standings.reason,
        )
        existing = {
            award.user_id: award
            for award in Award.objects.select_for_update().filter(
                programme=programme, month=month, unit=unit
            )
        }
        new_awards = []
        for user_id, standing in winners.items():
            award = existing.get(user_id)
            if award is None:
                new_awards.append(
                    Award(
                        programme=programme,
                        month=month,
                        unit=unit,
                        user_id=user_id,
                        rank=standing.rank,
                        score=standing.score,
                        parts=award_parts(standing),
                        status=Award.Status.PROPOSED,
                        proposed_at=now,
                    )
                )
            elif award.status == Award.Status.PROPOSED and _differs(award, standing):
                award.rank = standing.rank
                award.score = standing.score
                award.parts = award_parts(standing)
                award.save(update_fields=["rank", "score", "parts"])
                grant.updated += 1
            else:
                grant.kept += 1
        Award.objects.bulk_create(new_awards)
        grant.created = len(new_awards)
        gone = [
            award.pk
            for user_id, award in existing.items()
            if user_id not in winners and award.status == Award.Status.PROPOSED
        ]
        if gone:
            Award.objects.filter(pk__in=gone).delete()
        grant.removed = len(gone)
        grant.kept += sum(
            1
            for user_id, award in existing.items()
            if user_id not in winners and award.status != Award.Status.PROPOSED
        )

        result.granted_at = now
        result.eligible_count = standings.eligible_count
        result.winners_count = len(winners)
        result.reason = standings.reason
        result.save(update_fields=["granted_at", "eligible_count", "winners_count", "reason"])
        grant.awards = list(
            Award.objects.filter(programme=programme, month=month, unit=unit)
            .select_related("user")
            .order_by("rank", "user__full_name")
        )
    return grant


def _differs(award: Award, standing: Standing) -> bool:
    return (award.rank, award.score, award.parts) != (
        standing.rank,
        standing.score,
        award_parts(standing),
    )


def _may_confirm(actor: User, award: Award) -> bool:
    return user_is_administrator(actor) or units_in_scope(actor).filter(pk=award.unit_id).exists()


def award_confirm(*, award: Award, actor: User) -> Award:
    """The unit's manager (or an administrator) confirms a proposed award; logged.

    Confirming a confirmed award does nothing; a withdrawn one cannot be confirmed (only
    an administrator's override brings it back).
    """
    if not _may_confirm(actor, award):
        raise PermissionDenied(_("Only a manager of this unit can confirm its awards."))
    with transaction.atomic():
        award = _locked(Award.objects.filter(pk=award.pk)).get()
        if award.status == Award.Status.CONFIRMED:
            return award
        if award.status == Award.Status.WITHDRAWN:
            raise ValidationError(
                _("An administrator withdrew this award; it cannot be confirmed.")
            )
        award.status = Award.Status.CONFIRMED
        award.confirmed_at = timezone.now()
        award.confirmed_by = actor
        award.full_clean()
        award.save(update_fields=["status", "confirmed_at", "confirmed_by"])
        log(instance=award, action=AWARD_CONFIRMED, user=actor)
        _celebrate(award)
    return award


def _locked(awards, **kwargs):
    """``awards`` locked for update (only the award rows), with what celebrating reads."""
    return awards.select_for_update(of=("self",), **kwargs).select_related(
        "user__home_store", "programme", "unit", "certificate"
    )


def award_title(award: Award, language: str) -> str:
    """The award as its certificate and e-mail name it, in ``language``: the programme,
    the unit and the month ("Service star, Bratislava Old Town, November 2026")."""
    with translation.override(language):
        return _("%(programme)s, %(unit)s, %(month)s") % {
            "programme": award.programme.name,
            "unit": award.unit.name,
            "month": formats.date_format(award.month, "YEAR_MONTH_FORMAT"),
        }


def _celebrate(award: Award) -> None:
    """A newly confirmed award (locked by the caller): its certificate is issued, unless a
    valid one exists, and the winner is told by e-mail after the transaction commits."""
    language = certificate_language(award.user)
    title = award_title(award, language)
    certificate = award.certificate
    if certificate is None or certificate.status == Certificate.Status.REVOKED:
        award.certificate = certificate_issue_award(
            user=award.user, title=title, score=award.score, awarded_at=award.confirmed_at
        )
        award.save(update_fields=["certificate"])
    with translation.override(language):
        my_learning_url = settings.SITE_URL + reverse("learning:my_learning")
    notification_send(
        user=award.user,
        template="recognition/award",
        context={"award": award, "title": title, "my_learning_url": my_learning_url},
    )


def awards_confirm_due(*, now: datetime | None = None) -> int:
    """Confirm every proposed award left unconfirmed for its programme's number of days;
    logged as automatic. Returns how many. Safe to run twice or on two workers at once."""
    now = now or timezone.now()
    confirmed = 0
    programmes = Programme.objects.filter(awards__status=Award.Status.PROPOSED).distinct()
    for programme in programmes:
        cutoff = now - timedelta(days=programme.confirm_after_days)
        with transaction.atomic():
            due = _locked(
                Award.objects.filter(
                    programme=programme, status=Award.Status.PROPOSED, proposed_at__lte=cutoff
                ),
                skip_locked=True,
            )
            for award in due:
                award.status = Award.Status.CONFIRMED
                award.confirmed_at = now
                award.confirmed_by = None
                award.save(update_fields=["status", "confirmed_at", "confirmed_by"])
                log(
                    instance=award,
                    action=AWARD_AUTO_CONFIRMED,
                    user=None,
                    data={"after_days": programme.confirm_after_days},
                )
                _celebrate(award)
                confirmed += 1
    return confirmed


def award_override(
    *,
    actor: User,
    programme: Programme,
    unit: OrgUnit,
    month: date,
    user: User,
    award: bool,
    reason: str,
) -> Award:
    """An administrator awards a person (``award=True``) or withdraws their award, with a
    written reason; logged. Granting the month again never changes the result.

    A withdrawal with no award yet records a withdrawn one, so that the person is not
    proposed when the month is granted.
    """
    if not user_is_administrator(actor):
        raise PermissionDenied(_("Only an administrator can override an award."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the award is overridden."))
    _check_unit(programme, unit)
    month = month.replace(day=1)
    now = timezone.now()
    with transaction.atomic():
        _lock_month(programme=programme, unit=unit, month=month)
        current = _locked(
            Award.objects.filter(programme=programme, month=month, unit=unit, user=user)
        ).first()
        was_confirmed = current is not None and current.status == Award.Status.CONFIRMED
        if current is None:
            standings = standings_for_month(programme=programme, unit=unit, month=month)
            _check_person(user=user, unit=unit, standings=standings)
            standing = next((item for item in standings.rows if item.row.user_id == user.pk), None)
            current = Award(
                programme=programme,
                month=month,
                unit=unit,
                user=user,
                rank=standing.rank if standing else None,
                score=standing.score if standing else None,
                parts=award_parts(standing) if standing else {},
                proposed_at=now,
            )
        if award:
            current.status = Award.Status.CONFIRMED
            current.confirmed_at = now
            current.confirmed_by = actor
        else:
            current.status = Award.Status.WITHDRAWN
        current.override_reason = reason
        current.overridden_at = now
        current.overridden_by = actor
        current.full_clean(validate_constraints=False)
        current.save()
        log(
            instance=current,
            action=AWARD_OVERRIDDEN,
            user=actor,
            data={"awarded": award, "reason": reason},
        )
        if award and not was_confirmed:
            _celebrate(current)
        elif not award and current.certificate is not None:
            certificate_revoke(certificate=current.certificate, actor=actor, reason=reason)
    return current


def _check_person(*, user: User, unit: OrgUnit, standings: Standings) -> None:
    in_standings = any(item.row.user_id == user.pk for item in standings.rows)
    in_unit = OrgUnit.objects.filter(pk=user.home_store_id, path__startswith=unit.path).exists()
    if not (in_standings or in_unit):
        raise ValidationError(
            _("%(person)s neither works in %(unit)s nor took part there that month.")
            % {"person": user, "unit": unit}
        )


# The hourly catch-up --------------------------------------------------------------------


@dataclass(frozen=True)
class DueMonth:
    """A programme's month in a unit that has ended in the unit's zone and is not granted."""

    programme: Programme
    unit: OrgUnit
    month: date


def months_due(*, now: datetime | None = None) -> list[DueMonth]:
    """Per active programme and unit of its level: the month just ended in the unit's time
    zone, if it has not been granted yet and the programme existed before it ended.

    Only the month just ended is caught up: older months are for ``grant_awards``.
    """
    now = now or timezone.now()
    programmes = list(Programme.objects.filter(active=True))
    levels = {programme.scope_level for programme in programmes}
    units = list(OrgUnit.objects.filter(kind__in=levels).order_by("path"))
    zones = time_zones_for_units(units)
    month_of = {
        unit.pk: previous_month(now.astimezone(zoneinfo.ZoneInfo(zones[unit.pk])).date())
        for unit in units
    }
    granted = set(
        MonthResult.objects.filter(
            programme__in=programmes,
            month__in=set(month_of.values()),
            granted_at__isnull=False,
        ).values_list("programme_id", "unit_id", "month")
    )
    due = []
    for programme in programmes:
        for unit in units:
            month = month_of[unit.pk]
            if unit.kind != programme.scope_level or (programme.pk, unit.pk, month) in granted:
                continue
            # A programme started on the 15th ranks that month, not the ones before it.
            if programme.created_at >= month_window(month, zones[unit.pk])[1]:
                continue
            due.append(DueMonth(programme=programme, unit=unit, month=month))
    return due


def awards_grant_due(*, now: datetime | None = None) -> int:
    """Grant every month that has just ended and is not granted yet (see ``months_due``).
    Returns how many programme-unit months were granted."""
    now = now or timezone.now()
    due = months_due(now=now)
    for item in due:
        award_grant(programme=item.programme, unit=item.unit, month=item.month, now=now)
    return len(due)
