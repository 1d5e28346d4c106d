"""The ``quiz`` subcommands, one module per area; ``quiz.cli`` registers them.

Modules here import only click at the top: anything heavy is imported inside the command.
"""
