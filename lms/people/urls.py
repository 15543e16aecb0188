"""Site pages of the people app (language-prefixed): invitations and activation."""

from django.urls import path  # noqa: F401

app_name = "people"
urlpatterns = []
