from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_outbox'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='NotificationPreference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email_level', models.CharField(choices=[('all', 'Setiap perubahan status'), ('decisions', 'Hanya keputusan dan batas waktu'), ('statutory', 'Hanya pemberitahuan yang diwajibkan undang-undang')], default='all', max_length=20, verbose_name='e-mail tentang permohonan dan keberatan saya')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='diubah')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preference', to=settings.AUTH_USER_MODEL, verbose_name='pengguna')),
            ],
            options={
                'verbose_name': 'pengaturan pemberitahuan',
                'verbose_name_plural': 'pengaturan pemberitahuan',
                'constraints': [models.CheckConstraint(condition=models.Q(('email_level__in', ['all', 'decisions', 'statutory'])), name='notificationpreference_level_valid')],
            },
        ),
    ]
