from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """Manager pages on the site: team progress, exam results, the standards heatmap,
    actions on people and exports, all limited to the units a manager covers."""

    name = "lms.dashboards"
    label = "dashboards"
    verbose_name = _("Manager pages")
