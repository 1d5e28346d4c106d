"""Plain line mode: the same quiz as numbered prompts on stdin/stdout, for screen readers and pipes."""
