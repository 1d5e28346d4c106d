"""The engine's measures in words, for every front end and report that shows them.

The engine computes (``quiz.engine.discernment``, ``quiz.engine.calibration``: numbers and
patterns); this layer says what they mean in the reader's language, once, for the results
screen, plain mode, ``quiz report`` and the HTML report alike.
"""
