"""What the recognition wall shows: months of confirmed winners, grouped by unit.

A fixed number of queries whatever the number of awards: the units to filter by, the
programmes the wall is limited to, the months, the awards of the months on the page and
the names of the winners' stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Paginator
from django.http import Http404

from lms.people.models import OrgUnit

from .models import Award, Programme
from .selectors import wall_awards, wall_months


@dataclass
class WallGroup:
    """One programme's winners in one unit for one month."""

    programme: Programme
    unit: OrgUnit
    awards: list[Award] = field(default_factory=list)


@dataclass
class WallMonth:
    """One month of the wall: its groups, regions before stores."""

    month: date
    is_latest: bool
    groups: list[WallGroup] = field(default_factory=list)


def _chosen_unit(request, units: list[OrgUnit]) -> OrgUnit | None:
    requested = request.GET.get("unit")
    if not requested:
        return None
    try:
        requested_id = int(requested)
    except ValueError:
        raise Http404 from None
    unit = next((unit for unit in units if unit.pk == requested_id), None)
    if unit is None:
        raise Http404
    return unit


def wall_context(*, page, request) -> dict:
    """The wall's months (``months_per_page`` to a page), filtered by ``?unit=``."""
    units = list(
        OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.REGION, OrgUnit.Kind.STORE]).order_by("path")
    )
    unit = _chosen_unit(request, units)
    programmes = list(page.programmes.all()) or None
    months = wall_months(programmes=programmes, unit=unit)
    months_page = Paginator(months, page.months_per_page).get_page(request.GET.get("page"))
    awards = wall_awards(months=list(months_page), programmes=programmes, unit=unit)
    store_names = _store_names(awards)

    latest = months[0] if months else None
    by_month: dict[date, WallMonth] = {}
    for award in awards:
        award.store_name = store_names.get(award.parts.get("store_id"), "")
        wall_month = by_month.setdefault(
            award.month, WallMonth(month=award.month, is_latest=award.month == latest)
        )
        group = wall_month.groups[-1] if wall_month.groups else None
        if group is None or (group.programme.pk, group.unit.pk) != (
            award.programme_id,
            award.unit_id,
        ):
            group = WallGroup(programme=award.programme, unit=award.unit)
            wall_month.groups.append(group)
        group.awards.append(award)
    return {
        "wall_months": list(by_month.values()),
        "months_page": months_page,
        "unit_choices": units,
        "chosen_unit": unit,
    }


def _store_names(awards: list[Award]) -> dict[int, str]:
    """The name of the store each winner took part from (a region's winner's store)."""
    ids = {award.parts.get("store_id") for award in awards} - {None}
    ids = {store_id for store_id in ids if isinstance(store_id, int)}
    if not ids:
        return {}
    return dict(OrgUnit.objects.filter(pk__in=ids).values_list("pk", "name"))
