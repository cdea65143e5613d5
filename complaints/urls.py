from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.new_complaint, name="new"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("annual/", views.annual, name="annual"),
    path("<int:pk>/", views.complaint_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_complaint, name="edit"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/escalate/", views.escalate, name="escalate"),
    path("<int:pk>/close/", views.close, name="close"),
]
