"""The installed distribution carries every app the settings load (a wheel missing one fails at start-up)."""

import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from setuptools import find_packages

ROOT = Path(settings.BASE_DIR)


def test_every_local_app_is_in_the_distribution():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    packaged = set(find_packages(str(ROOT), include=config.get("include", ["*"]), exclude=config.get("exclude", ())))
    local = {c.name.split(".")[0] for c in apps.get_app_configs() if Path(c.path).parent == ROOT}
    assert local, "no local apps found"
    assert local <= packaged, f"apps missing from pyproject.toml's packages: {sorted(local - packaged)}"
    assert "fengqiao" in packaged and not any(p.startswith("bench") for p in packaged)
