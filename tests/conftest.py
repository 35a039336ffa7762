import os

# Qt, when GUI tests arrive, must never look for a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests import netguard  # noqa: E402

netguard.install()
