"""The app's screens and dialogs.

Screens do not import the app (that made an import cycle) and do not call into it: they are
given what they show when they are made, and post messages up (``messages.py``) for what the
app owns (the store, exports, which screen comes next).
"""
