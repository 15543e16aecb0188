from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.team_overview, name="team_overview"),
    path("assign/", views.assign, name="assign"),
    path("exports/", views.team_export, name="team_export"),
    path("exports/<uuid:pk>/", views.team_export_status, name="team_export_status"),
    path("exports/<uuid:pk>/download/", views.team_export_download, name="team_export_download"),
    path("people/<int:pk>/", views.person, name="person"),
    path("attempts/<int:pk>/", views.attempt, name="attempt"),
    path("results/", views.results, name="results"),
    path("standards/", views.standards, name="standards"),
    path("enrolments/<int:pk>/due/", views.set_due, name="set_due"),
    path("enrolments/<int:pk>/remind/", views.remind, name="remind"),
]
