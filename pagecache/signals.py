"""Which saves change which stamps.

Every model whose rows appear on a page is listed here; a model left out would leave fragments
showing its old rows until they expire. ``tests/pagecache`` checks that every model of the site's
apps is covered.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save

from pagecache import stamps

#: Apps whose every model is shared by all pages (the catalogue, cycles).
SHARED_MODELS = {("threads", None), ("assessments", "cycle")}
#: Models that belong to one partnership, reached through these fields.
PARTNERSHIP_PATHS = {
    ("partnerships", "partnership"): "pk",
    ("partnerships", "agency"): "partnership_id",
    ("partnerships", "tier"): "partnership_id",
    ("partnerships", "membership"): "partnership_id",
    ("partnerships", "invitation"): "membership",
    ("assessments", "assessment"): "partnership_id",
    ("assessments", "action"): "partnership_id",
    ("assessments", "transition"): "assessment",
    ("assessments", "agencyrating"): "assessment",
    ("assessments", "agreedrating"): "assessment",
    ("assessments", "evidence"): "assessment",
    ("assessments", "resultscore"): "assessment",
    ("assessments", "resultgap"): "assessment",
}
#: Models whose changes move the national figures.
RESULT_MODELS = {"assessment", "resultscore", "resultgap"}
#: Models nothing on a page shows.
IGNORED_MODELS = {("pagecache", "stamp")}


def _partnership_id(instance, path: str) -> int | None:
    if path in ("pk", "partnership_id"):
        return getattr(instance, path)
    try:
        return getattr(instance, path).partnership_id
    except ObjectDoesNotExist:  # deleted along with its parent, whose own signal counts
        return None


def stamps_for(instance) -> set[str]:
    meta = instance._meta
    shared = {(meta.app_label, None), (meta.app_label, meta.model_name)} & SHARED_MODELS
    if shared:
        return {stamps.SHARED}
    path = PARTNERSHIP_PATHS.get((meta.app_label, meta.model_name))
    if path is None:
        return set()
    names = set()
    pk = _partnership_id(instance, path)
    if pk is not None:
        names.add(stamps.partnership_stamp(pk))
    if path == "pk":
        names.add(stamps.PARTNERSHIPS)
    if meta.app_label == "assessments" and meta.model_name in RESULT_MODELS:
        names.add(stamps.RESULTS)
    return names


def _on_change(sender, instance, **kwargs) -> None:
    names = stamps_for(instance)
    if names:
        stamps.changed(*names)


def _on_m2m_change(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        _on_change(sender, instance)


def _on_user_save(sender, instance, update_fields=None, **kwargs) -> None:
    """A person's name appears on their partnerships' pages (members, action owners)."""
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return
    partnership_ids = instance.memberships.values_list("partnership_id", flat=True)
    names = [stamps.partnership_stamp(pk) for pk in partnership_ids]
    if names:
        stamps.changed(*names)


def site_models():
    for app_label in ("threads", "partnerships", "assessments", "pagecache"):
        yield from apps.get_app_config(app_label).get_models()


def connect() -> None:
    for model in site_models():
        post_save.connect(_on_change, sender=model, dispatch_uid=f"pagecache-save-{model}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"pagecache-delete-{model}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_m2m_change,
                sender=field.remote_field.through,
                dispatch_uid=f"pagecache-m2m-{model}-{field.name}",
            )
    post_save.connect(_on_user_save, sender=get_user_model(), dispatch_uid="pagecache-user")
