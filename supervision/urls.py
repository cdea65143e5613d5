from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("new/", views.new_session, name="new"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_session, name="edit"),
    path("pdrs/", views.pdr_list, name="pdr_list"),
    path("pdrs/new/", views.new_pdr, name="pdr_new"),
    path("pdrs/<int:pk>/", views.pdr_detail, name="pdr_detail"),
    path("pdrs/<int:pk>/edit/", views.edit_pdr, name="pdr_edit"),
]
