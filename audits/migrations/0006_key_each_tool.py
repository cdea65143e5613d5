"""Every tool of a type made so far is the type's own tool: its key is the type. A theme's own
questions are versioned by the theme and keep a blank key."""

from django.db import migrations


def key_by_type(apps, schema_editor):
    AuditTool = apps.get_model("audits", "AuditTool")
    unkeyed = AuditTool.objects.filter(theme=None, key="")
    for audit_type in unkeyed.values_list("audit_type", flat=True).distinct():
        unkeyed.filter(audit_type=audit_type).update(key=audit_type)


def blank_keys(apps, schema_editor):
    apps.get_model("audits", "AuditTool").objects.update(key="")


class Migration(migrations.Migration):

    dependencies = [
        ("audits", "0005_guidance_subdomains_facts_and_tool_keys"),
    ]

    operations = [
        migrations.RunPython(key_by_type, blank_keys),
    ]
