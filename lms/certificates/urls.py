from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("certificates/<int:pk>/download/", views.download, name="download"),
    path("certificates/<int:pk>/status/", views.status, name="status"),
]
