"""Reads about people and units that cross relations; each runs a fixed number of queries.

``units_in_scope`` and ``people_in_scope`` are the one gate every manager page, export
and report goes through: what they do not return, a manager does not see.
"""

from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q, QuerySet

from .models import ManagerScope, OrgUnit, User
from .roles import ADMINISTRATOR


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
