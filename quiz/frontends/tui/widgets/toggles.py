"""A checkbox whose label wraps under itself instead of running off the dialog's edge.

Textual's ``Checkbox`` draws its label on one line, cut at the widget's edge: the options
dialog at 80 columns lost the end of "Режим упевненості: вказуйте, наскільки ви впевнені
(оцінювання з урахуванням упевненості)", which fits in English and not in Ukrainian or
Lithuanian. Here the label wraps in the columns right of the box (``Hanging``).
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Checkbox

from quiz.frontends.tui.widgets.hanging import Hanging, Row


class WrappingCheckbox(Checkbox):
    DEFAULT_CSS = """
    WrappingCheckbox {
        width: 1fr;
        height: auto;
        text-wrap: wrap;
    }
    """

    def render(self) -> Hanging:  # type: ignore[override]
        label = self._label.stylize_before(self.get_visual_style("toggle--label"))
        return Hanging([Row(Content.assemble(self._button, " "), label)])

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Widget's measure of the label as drawn, not ToggleButton's one line.
        return Widget.get_content_height(self, container, viewport, width)
