from django.urls import path

from . import views

app_name = "schedule"

urlpatterns = [
    path("", views.my_duties, name="my_duties"),
    path("team/", views.my_team, name="my_team"),
    path("framework/", views.framework, name="framework"),
    path("framework/roles/<slug:slug>/", views.role_detail, name="role_detail"),
    path("duties/<int:pk>/", views.duty_detail, name="duty_detail"),
    path("duties/of/<int:responsibility_id>/", views.duty_group, name="duty_group"),
    path("duties/<int:pk>/done/", views.duty_mark_done, name="duty_mark_done"),
    path("duties/<int:pk>/waive/", views.duty_waive, name="duty_waive"),
]
