from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.new_meeting, name="new_meeting"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.edit_meeting, name="edit_meeting"),
    path("meetings/<int:pk>/feedback/new/", views.new_feedback, name="new_feedback"),
    path("feedback/<int:pk>/edit/", views.edit_feedback, name="edit_feedback"),
    path("you-said-we-did/", views.responses, name="responses"),
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/upload/", views.upload_survey, name="upload_survey"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
]
