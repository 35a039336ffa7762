"""The built-in catalog, read once per process, and the names of its calling apps: what names
the apps in reports, help and texts, and whose apps' facts judge a saved report again (a user's
own --catalog changes what a run probes, not how reports name the apps)."""

from __future__ import annotations

import functools

from ..analysis.apps import ALL, ALL_NAME, Chosen, resolve
from ..base.i18n import LANGS, translator
from .catalog import Catalog, CatalogError, load


@functools.cache
def builtin() -> Catalog | None:
    """The built-in catalog, read once per process (None if it cannot be read): what names
    the apps in reports and help, and whose apps' facts judge a saved report again."""
    try:
        return load()
    except CatalogError:
        return None


def resolve_app(app_id: str | None = None) -> Chosen:
    """The app a run or report about ``app_id`` is about, as the built-in catalog resolves it
    (analysis.apps.resolve: the default when none is named, a closed app's successor, the names
    in each language); an app it does not know is named by its id. For what carries no verdict
    (a past run in the history, a watch) or a report saved before verdicts carried their app."""
    if app_id == ALL:  # an all-apps check: named so in each language
        return Chosen(ALL, tuple((lang, translator(lang).gettext(ALL_NAME)) for lang in LANGS))
    cat = builtin()
    return resolve(cat.apps if cat is not None else (), app_id)
