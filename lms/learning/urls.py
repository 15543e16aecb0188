from django.urls import path

from . import my_learning_views, views

app_name = "learning"
urlpatterns = [
    path("my-learning/", my_learning_views.my_learning, name="my_learning"),
    path(
        "learning/enrol/<int:page_id>/",
        my_learning_views.self_enrol,
        name="self_enrol",
    ),
    path(
        "learning/lessons/<int:page_id>/complete/",
        views.lesson_mark_complete,
        name="lesson_complete",
    ),
    path(
        "learning/lessons/<int:page_id>/incomplete/",
        views.lesson_mark_incomplete,
        name="lesson_incomplete",
    ),
    path(
        "learning/scenarios/<int:page_id>/start/",
        views.scenario_start,
        name="scenario_start",
    ),
    path("learning/scenario-runs/<int:run_id>/", views.scenario_run, name="scenario_run"),
]
