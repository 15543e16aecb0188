from django.urls import path

from . import views

app_name = "recognition"

urlpatterns = [
    path("recognition/", views.programme_list, name="programme_list"),
    path("recognition/<slug:slug>/", views.programme_detail, name="programme_detail"),
]
