"""Which saves change which stamps.

Every model whose rows appear on a page is listed here; a model left out would leave pages showing
its old rows until they expire. ``tests/pagecache`` checks that every model of the site's apps is
classified.
"""

import contextlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from pagecache import stamps

#: Apps whose every model is shared by all pages (the catalogue), and single shared models.
SHARED_MODELS = {("threads", None), ("assessments", "cycle")}
#: Models that belong to one partnership, and the field that names it.
PARTNERSHIP_PATHS = {
    ("partnerships", "partnership"): "pk",
    ("partnerships", "agency"): "partnership_id",
    ("partnerships", "tier"): "partnership_id",
    ("partnerships", "membership"): "partnership_id",
    ("partnerships", "invitation"): "membership",
    ("assessments", "assessment"): "partnership_id",
    ("assessments", "action"): "partnership_id",
    ("assessments", "transition"): "assessment_id",
    ("assessments", "agencyrating"): "assessment_id",
    ("assessments", "agreedrating"): "assessment_id",
    ("assessments", "evidence"): "assessment_id",
}
#: Copies of an approved result, written only with their assessment, whose save changes the
#: stamps; left unconnected so that replacing them stays one fast delete.
MIRROR_MODELS = {("assessments", "resultscore"), ("assessments", "resultgap")}
#: Models nothing on a page shows.
IGNORED_MODELS = {("pagecache", "stamp")}


def _key(instance) -> tuple[str, str]:
    return (instance._meta.app_label, instance._meta.model_name)


def _is_shared(key: tuple[str, str]) -> bool:
    return key in SHARED_MODELS or (key[0], None) in SHARED_MODELS


def _remember_old_partnership(sender, instance, update_fields=None, **kwargs) -> None:
    """A row moved to another partnership (in the admin) changes the old one's pages too."""
    if instance._state.adding or (update_fields is not None and "partnership" not in update_fields):
        return
    instance._pagecache_old_partnership = (
        type(instance)._base_manager.filter(pk=instance.pk).values_list("partnership_id", flat=True)
    ).first()


def _on_change(sender, instance, **kwargs) -> None:
    key = _key(instance)
    if _is_shared(key):
        stamps.changed(stamps.SHARED)
        return
    path = PARTNERSHIP_PATHS.get(key)
    if path is None:
        return
    if path == "assessment_id":
        stamps.changed(assessments=[instance.assessment_id])
        return
    names = set()
    if path == "pk":
        names |= {stamps.PARTNERSHIPS, stamps.partnership_stamp(instance.pk)}
    elif path == "partnership_id":
        names.add(stamps.partnership_stamp(instance.partnership_id))
        old = getattr(instance, "_pagecache_old_partnership", None)
        if old is not None:
            names.add(stamps.partnership_stamp(old))
    else:
        # Deleted along with its parent, whose own signal counts:
        with contextlib.suppress(ObjectDoesNotExist):
            names.add(stamps.partnership_stamp(getattr(instance, path).partnership_id))
    if key == ("assessments", "assessment"):
        names.add(stamps.RESULTS)
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
        key = (model._meta.app_label, model._meta.model_name)
        if key in MIRROR_MODELS or key in IGNORED_MODELS:
            continue
        uid = f"pagecache-{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}-delete")
        if PARTNERSHIP_PATHS.get(key) == "partnership_id":
            pre_save.connect(_remember_old_partnership, sender=model, dispatch_uid=f"{uid}-pre")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_m2m_change,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-m2m-{field.name}",
            )
    post_save.connect(_on_user_save, sender=get_user_model(), dispatch_uid="pagecache-user")
