"""Use cases shared by every front end: the engine's rules joined to the store.

``attempts`` records an attempt as it is answered (the persisted twin of
``quiz.engine.attempt``); ``reporting`` turns stored attempts into the figures that reports,
exports and screens show.
"""
