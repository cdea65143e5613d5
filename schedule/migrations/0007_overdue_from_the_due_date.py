"""Overdue is read from a duty's due date, no longer stored: a duty stored as overdue is open
again (and overdue on every page, since its due date has passed). Its history keeps the rows
that said "overdue", as they were; whether it was done late is stored when it is done, as before."""

from django.db import migrations, models
from django.utils import timezone

from core.periods import local_date


def overdue_to_open(apps, schema_editor):
    apps.get_model("schedule", "Duty").objects.filter(status="overdue").update(status="open")


def past_due_to_overdue(apps, schema_editor):
    # Back to the stored status the nightly planner kept, as it would have left it today.
    today = local_date(timezone.now())
    apps.get_model("schedule", "Duty").objects.filter(status="open", due_on__lt=today).update(status="overdue")


class Migration(migrations.Migration):

    dependencies = [
        ('schedule', '0006_indexes_for_the_lists'),
    ]

    operations = [
        migrations.RunPython(overdue_to_open, past_due_to_overdue),
        migrations.AlterField(
            model_name='duty',
            name='status',
            field=models.CharField(choices=[('open', 'Open'), ('done', 'Done'), ('waived', 'Waived'), ('cancelled', 'Cancelled')], default='open', max_length=10),
        ),
        migrations.AlterField(
            model_name='historicalduty',
            name='status',
            field=models.CharField(choices=[('open', 'Open'), ('done', 'Done'), ('waived', 'Waived'), ('cancelled', 'Cancelled')], default='open', max_length=10),
        ),
    ]
