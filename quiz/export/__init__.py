"""Exports of stored attempts: csv, gradebooks (moodle, canvas), json, xapi, html.

``export_attempts`` (in ``quiz.export.run``) is the one entry point every front end calls;
``quiz.export.registry`` lists the formats. Nothing here imports textual, and importing this
package is cheap: the names below load their modules on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.infra.lazy import lazy_exports

if TYPE_CHECKING:
    from quiz.export.gradebook import GradeMethod
    from quiz.export.job import ExportOptions, ExportResult
    from quiz.export.run import ExportError, export_attempts, installed_banks

_EXPORTS = {
    "GradeMethod": "quiz.export.gradebook",
    "ExportError": "quiz.export.run",
    "ExportOptions": "quiz.export.job",
    "ExportResult": "quiz.export.job",
    "export_attempts": "quiz.export.run",
    "installed_banks": "quiz.export.run",
}
__getattr__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "ExportError",
    "ExportOptions",
    "ExportResult",
    "GradeMethod",
    "export_attempts",
    "installed_banks",
]
