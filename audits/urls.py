from django.urls import path

from . import tool_views, views

app_name = "audits"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("new/", views.new_audit, name="new"),
    path("<int:pk>/", views.audit_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_audit, name="edit"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("tools/", tool_views.tool_list, name="tools"),
    path("tools/<slug:audit_type>/edit/", tool_views.tool_edit, name="tool_edit"),
]
