from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="informationentry",
            name="dip_entry_unit_status",
        ),
        migrations.AddIndex(
            model_name="informationentry",
            index=models.Index(fields=["unit", "status", "number"], name="dip_entry_unit_number"),
        ),
    ]
