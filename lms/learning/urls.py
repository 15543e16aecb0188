from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("my-learning/", views.my_learning, name="my_learning"),
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
]
