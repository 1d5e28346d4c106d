"""Package exports that are imported on first use, not when the package is.

Importing ``quiz.engine.request`` runs ``quiz/engine/__init__.py`` first; if that file imported
every submodule eagerly, the app's start-up would pay for pydantic before it needs it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``exports[name]`` (a module path) when asked."""
    namespace = importlib.import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value  # the next access finds it without calling here
        return value

    return __getattr__
