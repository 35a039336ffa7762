"""Build hooks: the packages, found under core/ gui/ resources/ (installed as callpath.*, the
mapping in pyproject.toml), and the translation catalogues compiled (.po -> .mo) so every build
ships them. Everything else is in pyproject.toml.
"""

import importlib.util
from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithTranslations(build_py):
    def run(self):
        spec = importlib.util.spec_from_file_location("translations", ROOT / "tools" / "translations.py")
        translations = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(translations)
        translations.compile_all()
        super().run()


def packages() -> list[str]:
    """Every folder of the three top-level parts, resource folders included (setuptools installs
    data only from listed packages), as the installed names."""
    found = find_namespace_packages(where=str(ROOT), include=["core", "core.*", "gui", "gui.*", "resources",
                                                               "resources.*"], exclude=["*.__pycache__"])
    return ["callpath." + name for name in found]


setup(packages=packages(), cmdclass={"build_py": BuildWithTranslations})
