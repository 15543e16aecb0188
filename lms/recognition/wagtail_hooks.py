"""Admin for recognition."""

from wagtail import hooks

from .services import register_recognition_log_actions
from .viewsets import RecognitionViewSetGroup


@hooks.register("register_admin_viewset")
def register_recognition_viewsets():
    """The "Recognition" menu: programmes (awards join it in their own viewset)."""
    return RecognitionViewSetGroup()


hooks.register("register_log_actions", register_recognition_log_actions)
