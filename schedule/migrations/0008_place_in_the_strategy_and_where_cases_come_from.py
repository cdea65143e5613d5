"""A responsibility's place in the strategy is text as the source gives it ("p. 12", "s.2",
"Appendix B"), not a page number: the numbers there were become "p. N", in its history too. And a
case audit's row may say where its cases come from; the shipped R61 ("Audit 1 case file from
another part of the service") takes them from another team, while it is still the shipped text."""

from django.db import migrations, models

R61 = "Audit 1 case file from another part of the service"
MODELS = ("Responsibility", "HistoricalResponsibility")


def checked_at_once(schema_editor):
    """PostgreSQL checks foreign keys at the end of the transaction, and will not alter a table
    with such checks still pending from the rows changed here: have them done as each row is."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def pages_to_places(apps, schema_editor):
    checked_at_once(schema_editor)
    for name in MODELS:
        rows = apps.get_model("schedule", name).objects
        for row in rows.exclude(page__isnull=True).exclude(page=""):
            row.page = f"p. {row.page}" if str(row.page).isdigit() else row.page
            row.save(update_fields=["page"])
        rows.filter(page__isnull=True).update(page="")
    apps.get_model("schedule", "Responsibility").objects.filter(ref="R61", task=R61).update(cases_from="another_team")


def places_to_pages(apps, schema_editor):
    checked_at_once(schema_editor)
    for name in MODELS:
        rows = apps.get_model("schedule", name).objects
        for row in rows.all():
            number = row.page.removeprefix("p. ")
            row.page = number if number.isdigit() else None
            row.save(update_fields=["page"])


class Migration(migrations.Migration):
    dependencies = [("schedule", "0007_overdue_from_the_due_date")]

    operations = [
        migrations.AlterField("responsibility", "page", models.CharField(max_length=200, null=True, blank=True)),
        migrations.AlterField("historicalresponsibility", "page", models.CharField(max_length=200, null=True, blank=True)),
        migrations.AddField(
            "responsibility", "cases_from",
            models.CharField(
                choices=[("anywhere", "Anywhere the auditor may see"), ("own_team", "The auditor's own team"),
                         ("another_team", "A team other than the auditor's"),
                         ("another_service", "A service other than the auditor's")],
                default="anywhere", help_text="For a case audit: the part of the service its cases come from.",
                max_length=20,
            ),
        ),
        migrations.AddField(
            "historicalresponsibility", "cases_from",
            models.CharField(
                choices=[("anywhere", "Anywhere the auditor may see"), ("own_team", "The auditor's own team"),
                         ("another_team", "A team other than the auditor's"),
                         ("another_service", "A service other than the auditor's")],
                default="anywhere", help_text="For a case audit: the part of the service its cases come from.",
                max_length=20,
            ),
        ),
        migrations.RunPython(pages_to_places, places_to_pages),
        migrations.AlterField(
            "responsibility", "page",
            models.CharField(
                "where in the strategy", max_length=200, blank=True,
                help_text='The place in the source document, as it gives it: "p. 12", "s.2", "Appendix B".',
            ),
        ),
        migrations.AlterField(
            "historicalresponsibility", "page",
            models.CharField(
                "where in the strategy", max_length=200, blank=True,
                help_text='The place in the source document, as it gives it: "p. 12", "s.2", "Appendix B".',
            ),
        ),
    ]
