"""Site pages of the people app (language-prefixed): invitations and activation."""

from django.urls import path

from . import invitation_views

app_name = "people"
urlpatterns = [
    path("invitations/", invitation_views.invitation_list, name="invitation_list"),
    path("invitations/new/", invitation_views.invitation_new, name="invitation_new"),
    path("invitations/bulk/", invitation_views.invitation_bulk, name="invitation_bulk"),
    path("invitations/slips/", invitation_views.invitation_slips, name="invitation_slips"),
    path(
        "invitations/<int:pk>/resend/",
        invitation_views.invitation_resend_view,
        name="invitation_resend",
    ),
    path(
        "invitations/<int:pk>/withdraw/",
        invitation_views.invitation_withdraw_view,
        name="invitation_withdraw",
    ),
    path("invitations/<int:pk>/slip/", invitation_views.invitation_slip, name="invitation_slip"),
    path("accept/<str:token>/", invitation_views.invitation_accept_view, name="invitation_accept"),
    path("activate/", invitation_views.invitation_activate, name="invitation_activate"),
    path(
        "activate/password/",
        invitation_views.invitation_activate_password,
        name="invitation_activate_password",
    ),
]
