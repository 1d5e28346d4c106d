"""The ways a person meets the app: ``tui`` (the Textual app) and ``plain`` (line mode)."""
