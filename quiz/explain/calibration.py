"""Calibration's figures in words (the figures: ``quiz.engine.calibration``)."""

from __future__ import annotations

from quiz.engine.calibration import WELL_CALIBRATED, Calibration
from quiz.engine.scoring import CONFIDENCE_WORDS
from quiz.explain.measure import Measure
from quiz.i18n import _, ngettext, npgettext
from quiz.i18n.numbers import decimal, percent, signed, with_unit


def summary(found: Calibration) -> str:
    """The calibration in one sentence."""
    gap = found.overconfidence
    if abs(gap) <= WELL_CALIBRATED:
        return _("Well calibrated: your confidence matched how often you were right.")
    points = round(100 * abs(gap))
    if gap > 0:
        return with_unit(
            ngettext(
                "Overconfident: you were {n} point less often right than you felt.",
                "Overconfident: you were {n} points less often right than you felt.",
                points,
            ),
            n=points,
        )
    return with_unit(
        ngettext(
            "Underconfident: you were {n} point more often right than you felt.",
            "Underconfident: you were {n} points more often right than you felt.",
            points,
        ),
        n=points,
    )


def measures(found: Calibration) -> list[Measure]:
    """The figures with a one-sentence meaning each, for a results screen."""
    rows = [
        Measure(
            f"accuracy_{level.level.name}",
            _("Right at {level} confidence").format(level=_(CONFIDENCE_WORDS[level.level])),
            level.accuracy,
            _("not used")
            if level.accuracy is None
            else _("{percent} of {n}").format(percent=percent(100 * level.accuracy), n=level.answers),
            _(
                "How often you were right when you said your confidence was {level} "
                "(about {percent} would be calibrated)."
            ).format(level=_(CONFIDENCE_WORDS[level.level]), percent=percent(100 * level.probability)),
        )
        for level in found.levels
    ]
    gap = found.overconfidence
    points = round(100 * gap)
    return [
        *rows,
        Measure(
            "brier",
            _("Brier score"),
            found.brier,
            decimal(found.brier, 3),
            _(
                "The average squared gap between your confidence and the outcome: 0 is perfect, "
                "{quarter} is what always saying {half} would score."
            ).format(quarter=decimal(0.25, 2), half=percent(50)),
        ),
        Measure(
            "overconfidence",
            _("Over/under-confidence"),
            gap,
            with_unit(
                # TRANSLATORS: percentage points, a difference of two percentages ("+12 points").
                npgettext("percentage points", "{n} point", "{n} points", abs(points)),
                n=signed(points, 0),
            ),
            _(
                "Your mean confidence minus your share of right answers: above 0 you felt surer than "
                "you were, below 0 less sure."
            ),
        ),
    ]
