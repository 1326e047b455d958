from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "scorecard"
    verbose_name = "Balanced scorecard"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from scorecard.library import load_defaults

        post_migrate.connect(load_defaults, sender=self)
