from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audits", "0006_key_each_tool"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="audittool",
            constraint=models.UniqueConstraint(
                condition=models.Q(("theme__isnull", True)), fields=("key", "version"), name="one_version_per_tool"
            ),
        ),
    ]
