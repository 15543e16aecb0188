"""Grant (or grant again) a month's awards by hand, and print what was done."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.people.models import OrgUnit
from lms.people.selectors import time_zones_for_units
from lms.recognition.models import Award, Programme
from lms.recognition.selectors import month_window
from lms.recognition.services import GrantResult, award_grant

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str) -> date:
    """``YYYY-MM`` as the month's first day."""
    match = MONTH.match(value or "")
    if match:
        try:
            return date(int(match[1]), int(match[2]), 1)
        except ValueError:
            pass
    raise CommandError(
        _("Give the month as YYYY-MM, e.g. 2026-01 (not “%(value)s”).") % {"value": value}
    )


class Command(BaseCommand):
    help = (
        "Grant a month's awards for every active programme and unit (or one programme). "
        "Granting again changes only awards not confirmed yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="The month, as YYYY-MM.")
        parser.add_argument("--programme", help="Only the programme with this slug.")

    def handle(self, *args, month, programme=None, **options):
        month = parse_month(month)
        programmes = Programme.objects.filter(active=True)
        if programme:
            programmes = programmes.filter(slug=programme)
            if not programmes.exists():
                raise CommandError(
                    _("No active programme has the slug “%(slug)s”.") % {"slug": programme}
                )
        now = timezone.now()
        for item in programmes:
            units = list(OrgUnit.objects.filter(kind=item.scope_level).order_by("path"))
            zones = time_zones_for_units(units)
            if not units:
                self.stdout.write(
                    _("%(programme)s: no unit of its level.") % {"programme": item.name}
                )
            for unit in units:
                heading = f"{item.name} · {unit.name} · {month:%Y-%m}"
                if now < month_window(month, zones[unit.pk])[1]:
                    self.stdout.write(
                        heading
                        + ": "
                        + _("the month is not over yet in %(zone)s; nothing done.")
                        % {"zone": zones[unit.pk]}
                    )
                    continue
                try:
                    result = award_grant(programme=item, unit=unit, month=month, now=now)
                except ValidationError as error:
                    raise CommandError("; ".join(error.messages)) from error
                self._report(heading, result)

    def _report(self, heading: str, result: GrantResult) -> None:
        write = self.stdout.write
        write(heading)
        write(
            "  "
            + _("taking part: %(eligible)s, winners: %(winners)s")
            % {"eligible": result.eligible_count, "winners": len(result.winners)}
        )
        if result.reason:
            write("  " + _("Nobody awarded: %(reason)s") % {"reason": result.reason})
        for standing in result.winners:
            write(
                "  "
                + _("%(rank)s. %(name)s (%(score)s)")
                % {
                    "rank": standing.rank,
                    "name": standing.row.full_name,
                    "score": standing.score,
                }
            )
        # Awards decided earlier (confirmed or withdrawn) that the standings do not explain.
        winner_ids = {standing.row.user_id for standing in result.winners}
        for award in result.awards:
            if award.user_id not in winner_ids or award.status == Award.Status.WITHDRAWN:
                write(
                    "  "
                    + _("%(name)s: %(status)s earlier, kept as it is")
                    % {"name": award.user.full_name, "status": award.get_status_display().lower()}
                )
        write(
            "  "
            + _("created %(created)s, updated %(updated)s, removed %(removed)s, kept %(kept)s")
            % {
                "created": result.created,
                "updated": result.updated,
                "removed": result.removed,
                "kept": result.kept,
            }
        )
