from django.urls import path

from . import views

app_name = "observations"

urlpatterns = [
    path("", views.observation_list, name="list"),
    path("new/", views.new_observation, name="new"),
    path("<int:pk>/", views.observation_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_observation, name="edit"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
]
