from django.apps import AppConfig


class ThreadsConfig(AppConfig):
    name = "threads"
    verbose_name = "Threads of Success catalogue"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from threads import signals

        post_migrate.connect(signals.load_default_catalogue, sender=self)
        signals.connect_structure_guards()
