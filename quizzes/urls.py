"""The learner's exam pages: start, answer (with autosave), submit and the result."""

from django.urls import path

from . import views

app_name = "quizzes"
urlpatterns = [
    path("exams/<int:page_id>/start/", views.exam_start, name="exam_start"),
    path("exams/attempts/<int:attempt_id>/", views.attempt_page, name="attempt"),
    path("exams/attempts/<int:attempt_id>/save/", views.attempt_save, name="attempt_save"),
    path(
        "exams/attempts/<int:attempt_id>/autosave/",
        views.attempt_autosave,
        name="attempt_autosave",
    ),
    path(
        "exams/attempts/<int:attempt_id>/submit/", views.attempt_submit_page, name="attempt_submit"
    ),
    path("exams/attempts/<int:attempt_id>/result/", views.attempt_result, name="attempt_result"),
]
