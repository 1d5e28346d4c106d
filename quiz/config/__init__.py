"""Where the app keeps its data, its settings and finds its banks.

Every location can be moved: ``QUIZ_HOME`` moves all of it (tests point it at a temporary
directory so they never touch a real home), ``--db`` moves just the database. The user's
settings model is in ``quiz.config.settings``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "resilience-quiz"


def data_dir() -> Path:
    home = os.environ.get("QUIZ_HOME")
    return Path(home).expanduser() if home else Path(platformdirs.user_data_dir(APP_NAME))


def config_dir() -> Path:
    """The settings file's folder: the user config folder, or ``QUIZ_HOME`` when set."""
    home = os.environ.get("QUIZ_HOME")
    return Path(home).expanduser() if home else Path(platformdirs.user_config_dir(APP_NAME))


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def default_db_path() -> Path:
    return data_dir() / "quiz.db"


def bank_summary_cache() -> Path:
    """What the home screen lists, remembered between starts (safe to delete)."""
    return data_dir() / "cache" / "banks.json"


def user_banks_dir() -> Path:
    """Banks the user adds (or imports) live here, beside the bundled ones."""
    return data_dir() / "banks"


def bundled_banks_dir() -> Path:
    """The banks shipped with the app: inside the wheel, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "questions"
    return inside if inside.is_dir() else package.parent / "questions"
