from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("", views.action_list, name="action_list"),
    path("actions/new/", views.new_action, name="new_action"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", views.edit_action, name="edit_action"),
    path("actions/<int:pk>/progress/", views.update_action, name="update_action"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
]
