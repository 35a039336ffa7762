"""Build hook: compile the translation catalogues (.po -> .mo) so every build ships them.

Everything else is in pyproject.toml.
"""

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithTranslations(build_py):
    def run(self):
        spec = importlib.util.spec_from_file_location("translations", ROOT / "tools" / "translations.py")
        translations = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(translations)
        translations.compile_all()
        super().run()


setup(cmdclass={"build_py": BuildWithTranslations})
