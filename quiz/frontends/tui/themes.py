"""A high-contrast theme for low vision and bright rooms: pure black, white and yellow."""

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFAA00",
    error="#FF5555",
    success="#55FF55",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#3A3A3A",  # dividers and bars are derived from it: visible against black
    boost="#333333",
    dark=True,
    variables={
        "footer-key-foreground": "#FFFF00",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "input-selection-background": "#FFFF00 40%",
        "scrollbar": "#FFFF00",
        "scrollbar-hover": "#FFFFFF",
        "scrollbar-active": "#FFFFFF",
        "scrollbar-background": "#333333",
        "scrollbar-background-hover": "#333333",
        "scrollbar-background-active": "#333333",
    },
)
