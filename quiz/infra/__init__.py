"""Small stdlib-only devices every layer may use: whole-or-nothing file writes, lazy package
exports, pausing the garbage collector around bulk work."""
