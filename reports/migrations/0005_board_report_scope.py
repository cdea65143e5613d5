"""A board report names its team or service as a key, not as a query string, so that who may read
it is one query. Reports started before keep their scope: `service=3` becomes the service."""

import django.db.models.deletion
from django.db import migrations, models


def _scopes(apps):
    for name in ("BoardReport", "HistoricalBoardReport"):
        yield from apps.get_model("reports", name).objects.exclude(scope_query="")


def checked_at_once(schema_editor):
    """PostgreSQL checks foreign keys at the end of the transaction, and will not alter a table
    with such checks still pending from the rows changed here: have them done as each row is."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def query_to_keys(apps, schema_editor):
    checked_at_once(schema_editor)
    for row in _scopes(apps):
        key, _, value = row.scope_query.partition("=")
        if key in ("service", "team") and value.isdigit():
            setattr(row, f"{key}_id", int(value))
            row.save(update_fields=[f"{key}_id"])


def keys_to_query(apps, schema_editor):
    checked_at_once(schema_editor)
    for name in ("BoardReport", "HistoricalBoardReport"):
        for row in apps.get_model("reports", name).objects.all():
            row.scope_query = f"team={row.team_id}" if row.team_id else f"service={row.service_id}" if row.service_id else ""
            row.save(update_fields=["scope_query"])


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0003_on_leave'),
        ('reports', '0004_board_reports'),
    ]

    operations = [
        migrations.AddField(
            model_name='boardreport',
            name='service',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.service'),
        ),
        migrations.AddField(
            model_name='boardreport',
            name='team',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.team'),
        ),
        migrations.AddField(
            model_name='historicalboardreport',
            name='service',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.service'),
        ),
        migrations.AddField(
            model_name='historicalboardreport',
            name='team',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.team'),
        ),
        migrations.RunPython(query_to_keys, keys_to_query),
        migrations.RemoveField(
            model_name='boardreport',
            name='scope_query',
        ),
        migrations.RemoveField(
            model_name='historicalboardreport',
            name='scope_query',
        ),
        migrations.AddConstraint(
            model_name='boardreport',
            constraint=models.CheckConstraint(condition=models.Q(('service__isnull', True), ('team__isnull', True), _connector='OR'), name='board_report_one_scope'),
        ),
    ]
