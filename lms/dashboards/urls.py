from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.team_overview, name="team_overview"),
    path("assign/", views.assign, name="assign"),
    path("people/<int:pk>/", views.person, name="person"),
    path("attempts/<int:pk>/", views.attempt, name="attempt"),
    path("results/", views.results, name="results"),
    path("standards/", views.standards, name="standards"),
    path("enrolments/<int:pk>/due/", views.set_due, name="set_due"),
    path("enrolments/<int:pk>/remind/", views.remind, name="remind"),
]
