"""Queue every request that existed before the statistics, so the worker computes its fact."""

from django.db import migrations


def queue_existing(apps, schema_editor):
    request_model = apps.get_model("inforequests", "InformationRequest")
    queue = apps.get_model("reports", "StatsQueue")
    ids = request_model.objects.order_by("pk").values_list("pk", flat=True).iterator(2000)
    batch = []
    for pk in ids:
        batch.append(queue(request_id=pk))
        if len(batch) >= 2000:
            queue.objects.bulk_create(batch)
            batch = []
    queue.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("inforequests", "0004_response_document_scan"),
    ]

    operations = [migrations.RunPython(queue_existing, migrations.RunPython.noop)]
