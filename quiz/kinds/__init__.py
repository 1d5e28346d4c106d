"""Question kinds: one module per kind behind one protocol (``kind``) and a registry.

Pure like ``quiz.bank`` and ``quiz.engine``: no textual, no sqlite, no network. A kind's rules
(its bank model, its response, check and credit, how it is shown and typed, its xAPI
interaction) live in its module; everything else asks ``quiz.kinds.registry``.
"""
