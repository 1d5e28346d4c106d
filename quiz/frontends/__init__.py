"""The ways a person meets the app: ``tui`` (the Textual app), ``plain`` (line mode) and
``web`` (the live join form in a browser, through textual-serve)."""
