"""Export the attempt just finished: pick a format and a file."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from quiz.export import registry
from quiz.frontends.tui import messages as m
from quiz.frontends.tui.shown_keys import with_key
from quiz.i18n import _, npgettext

DEFAULT_FORMAT = "html"


class ExportDialog(ModalScreen[Path | None]):
    """Export some attempts (one just finished, or a live session's) to a file."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "export", "Export", id="export.export"),
    ]

    def __init__(self, attempt_ids: list[int], stem: str) -> None:
        super().__init__()
        self.attempt_ids = attempt_ids
        self.stem = stem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            n = len(self.attempt_ids)
            # "Export this attempt" is also the past attempt's tooltip for x, a message of its own.
            title = npgettext("export dialog", "Export this attempt", "Export {n} attempts", n).format(n=n)
            yield Label(title, classes="dialog-title")
            with RadioSet(id="format"):
                for fmt in registry.app_formats():
                    yield RadioButton(
                        _(fmt.app_label or fmt.name), value=fmt.name == DEFAULT_FORMAT, id=fmt.name
                    )
            yield Label(_("Save as"))
            yield Input(str(self._default_path(DEFAULT_FORMAT)), id="path")
            yield Static("", id="export-status", classes="dim-label")
            with Horizontal(classes="buttons"):
                yield Button(
                    with_key(self, _("Export"), "export.export", "ctrl+s"),
                    variant="primary",
                    id="export",
                    compact=True,
                )
                yield Button(with_key(self, _("Cancel"), "export.cancel", "esc"), id="cancel", compact=True)

    def _default_path(self, fmt: str) -> Path:
        return Path.cwd() / f"quiz-{self.stem}.{registry.FORMATS[fmt].extension}"

    @property
    def fmt(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return pressed.id if pressed and pressed.id else DEFAULT_FORMAT

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        path = self.query_one("#path", Input)
        path.value = str(Path(path.value).with_suffix("." + registry.FORMATS[self.fmt].extension))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_export()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        self.post_message(m.ExportRequested(self.attempt_ids, self.fmt, path, reply=self))

    def exported(self, path: Path) -> None:
        self.dismiss(path)

    def failed(self, reason: str) -> None:
        """The dialog stays open and says why, so the learner can pick another file."""
        self.query_one("#export-status", Static).update(Content(f"✗ {reason}"))
