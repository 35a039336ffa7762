"""The built-in catalog, read once per process, and the names of its calling apps: what names
the apps in reports, help and texts, and whose apps' facts judge a saved report again (a user's
own --catalog changes what a run probes, not how reports name the apps)."""

from __future__ import annotations

import functools

from .catalog import Catalog, CatalogError, load


@functools.cache
def builtin() -> Catalog | None:
    """The built-in catalog, read once per process (None if it cannot be read): what names
    the apps in reports and help, and whose apps' facts judge a saved report again."""
    try:
        return load()
    except CatalogError:
        return None


def app_name(service: str, lang: str = "en") -> str:
    """An app's name in ``lang`` as the built-in catalog gives it (for reports and reports of
    other versions); an app it does not know is shown by its id."""
    cat = builtin()
    app = cat.app(service) if cat is not None else None
    return app.name(lang) if app is not None else service


def checked_name(service: str, lang: str = "en") -> str:
    """The name of the app whose servers a run about ``service`` checked: a closed app's
    successor (Skype's users sign in to Teams), else the app itself."""
    cat = builtin()
    app = cat.app(service) if cat is not None else None
    if app is not None and app.retired and app.successor:
        return app_name(app.successor, lang)
    return app_name(service, lang)
