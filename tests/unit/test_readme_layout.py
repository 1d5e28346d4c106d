"""The README's layout picture is the package's folder list (issue 14: "the folder list in the
README matches the tree; no module of the package sits outside a named layer")."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "quiz"
# What every Python package has, which no layer is about.
PLUMBING = {"__init__.py", "__main__.py", "__pycache__", "py.typed"}


def picture() -> dict[str, set[str]]:
    """Each `quiz/...` entry of the README's layout block (`name/` or `name.py`), with the
    entries listed under it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = textwrap.dedent(readme.split("- Layout:", 1)[1].split("```", 2)[1])
    entries: dict[str, set[str]] = {}
    current = ""
    for line in block.splitlines():
        top = re.match(r"quiz/(\S+)", line)
        if top:
            current = top.group(1)
            entries[current] = set()
            continue
        nested = re.match(r" {2,22}(\S+(?:/|\.py))\s", line + " ")
        if nested and current:
            entries[current].add(nested.group(1))
    return entries


def children(folder: Path) -> set[str]:
    """Modules as `name.py`, packages and other folders as `name/`."""
    return {
        f"{p.name}/" if p.is_dir() else p.name
        for p in folder.iterdir()
        if p.name not in PLUMBING and (p.is_dir() or p.suffix == ".py")
    }


def test_every_module_of_the_package_is_in_the_picture_and_nothing_else() -> None:
    assert set(picture()) == children(PACKAGE), "README's layout block and quiz/ differ"


def test_the_entries_inside_a_folder_exist_and_the_front_ends_are_all_named() -> None:
    entries = picture()
    for folder, names in entries.items():
        for name in names:
            assert (PACKAGE / folder / name).exists(), f"README names quiz/{folder}{name}, which is not there"
    assert entries["frontends/"] == children(PACKAGE / "frontends")
