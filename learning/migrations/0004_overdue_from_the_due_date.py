"""Overdue is read from an action's due date, no longer stored: an action stored as overdue goes
back to what its owner last recorded, in progress if they had recorded progress (their note is
its evidence), open otherwise. Its history keeps the rows that said "overdue", as they were."""

from django.db import migrations, models
from django.utils import timezone

from core.periods import local_date


def overdue_to_what_was_recorded(apps, schema_editor):
    Action = apps.get_model("learning", "Action")
    Action.objects.filter(status="overdue").exclude(evidence="").update(status="in_progress")
    Action.objects.filter(status="overdue").update(status="open")


def past_due_to_overdue(apps, schema_editor):
    # Back to the stored status the nightly job kept, as it would have left it today.
    Action = apps.get_model("learning", "Action")
    today = local_date(timezone.now())
    Action.objects.filter(status__in=["open", "in_progress"], due_on__lt=today).update(status="overdue")


class Migration(migrations.Migration):

    dependencies = [
        ('learning', '0003_indexes_for_the_lists'),
    ]

    operations = [
        migrations.RunPython(overdue_to_what_was_recorded, past_due_to_overdue),
        migrations.AlterField(
            model_name='action',
            name='status',
            field=models.CharField(choices=[('open', 'Open'), ('in_progress', 'In progress'), ('done', 'Done')], default='open', max_length=20),
        ),
        migrations.AlterField(
            model_name='historicalaction',
            name='status',
            field=models.CharField(choices=[('open', 'Open'), ('in_progress', 'In progress'), ('done', 'Done')], default='open', max_length=20),
        ),
    ]
