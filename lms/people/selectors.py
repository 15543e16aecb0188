"""Reads about people and units that cross relations; each runs a fixed number of queries.

``units_in_scope`` and ``people_in_scope`` are the one gate every manager page, export
and report goes through: what they do not return, a manager does not see.
"""

import zoneinfo
from datetime import date
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import ManagerScope, OrgUnit, User
from .roles import ADMINISTRATOR, HEAD_TRAINER, MANAGER


def user_is_administrator(user: User) -> bool:
    """Administrators (and superusers) see the whole organisation."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=ADMINISTRATOR).exists()


def units_in_scope(user: User) -> QuerySet[OrgUnit]:
    """Units the user may see: the units they manage and everything below them."""
    if not user.is_authenticated or not user.is_active:
        return OrgUnit.objects.none()
    if user_is_administrator(user):
        return OrgUnit.objects.all()
    paths = list(ManagerScope.objects.filter(manager=user).values_list("unit__path", flat=True))
    if not paths:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(reduce(or_, (Q(path__startswith=path) for path in paths)))


def people_in_scope(user: User) -> QuerySet[User]:
    """People whose home store lies in the user's scope."""
    return User.objects.filter(home_store__in=units_in_scope(user))


def time_zones_for_units(units) -> dict[int, str]:
    """Each unit's effective time zone, for many units in one query."""
    units = list(units)
    ancestor_paths = {
        unit.path[: depth * OrgUnit.steplen] for unit in units for depth in range(1, unit.depth + 1)
    }
    zones = dict(OrgUnit.objects.filter(path__in=ancestor_paths).values_list("path", "time_zone"))
    result = {}
    for unit in units:
        zone = settings.TIME_ZONE
        for depth in range(unit.depth, 0, -1):
            own = zones.get(unit.path[: depth * OrgUnit.steplen])
            if own:
                zone = own
                break
        result[unit.pk] = zone
    return result


def person_zone(person, zones: dict[int, str] | None = None) -> zoneinfo.ZoneInfo:
    """The time zone where ``person`` works: their home store's (the installation's without
    one). ``zones`` (from ``time_zones_for_units``) saves the queries in bulk work; without
    it, two queries at most whatever the depth of the tree."""
    name = settings.TIME_ZONE
    if person.home_store_id is not None:
        if zones is None:
            zones = time_zones_for_units([person.home_store])
        name = zones.get(person.home_store_id, settings.TIME_ZONE)
    return zoneinfo.ZoneInfo(name)


def person_today(person, zones: dict[int, str] | None = None) -> date:
    """The date it is now where ``person`` works."""
    return timezone.now().astimezone(person_zone(person, zones)).date()


# Roles that hold other people's data or publish content: two-factor is required.
TWO_FACTOR_ROLES = (ADMINISTRATOR, HEAD_TRAINER, MANAGER)


def two_factor_status(user: User) -> tuple[bool, bool]:
    """Whether the person must use two-factor authentication, and whether they have it set up.

    One query, however many groups or authenticators the person has.
    """
    from allauth.mfa.models import Authenticator

    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            in_required_role=Exists(
                Group.objects.filter(user=OuterRef("pk"), name__in=TWO_FACTOR_ROLES)
            ),
            has_totp=Exists(
                Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
            ),
        )
        .values_list("is_superuser", "in_required_role", "has_totp")
        .first()
    )
    if row is None:
        return False, False
    is_superuser, in_required_role, has_totp = row
    return bool(is_superuser or in_required_role), bool(has_totp)
