from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("upload/", views.upload, name="upload"),
]
