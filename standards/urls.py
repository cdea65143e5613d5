from django.urls import path

from . import views

app_name = "standards"

urlpatterns = [
    path("", views.standard_list, name="list"),
    path("new/", views.new_standard, name="new"),
    path("<int:pk>/", views.standard_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_standard, name="edit"),
    path("<int:pk>/review/", views.record_review, name="review"),
    path("<int:pk>/file/", views.download, name="download"),
]
