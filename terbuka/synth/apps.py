from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "terbuka.synth"
    label = "synth"
    verbose_name = "Synthetic data"
