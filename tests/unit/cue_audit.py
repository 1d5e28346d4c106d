"""A cue audit for headline forms: could a surface feature sort the items without discernment?

For each feature (a number drawn from what the learner sees: punctuation, digits, place names,
length...), a one-feature classifier, a decision stump, is trained on every item but one and
asked to label the one left out; its accuracy over all the items left out in turn is what a
learner who had picked up that cue could score. A form whose items some feature sorts well
measures that cue, not discernment.

The stump chooses the threshold and direction that sort the training items best (ties go to
the lowest threshold, then to "high values are manipulative"), so the audit needs nothing
beyond the standard library and gives the same figures on every machine.

Some cues are names, not numbers: the masthead a headline carries, the word it ends in, the
town, the screenshot's caption. A learner who remembers that the "Post" was reliable last time
uses one. For those a categorical rule is audited the same way: the item left out gets the
class most of the other items with the same name had (a tie, or a name seen nowhere else, is a
guess and counts half), and its accuracy is taken over the items that carry such a name.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from quiz.kinds.headline import HeadlineQuestion

LIMIT = 0.65
"""No surface feature may sort the pooled items better than this (issue 12)."""

INVENTED_PLACES = (
    # The cued forms of version 1 (tests/fixtures/cued_forms).
    "Northbrook",
    "Eastmere",
    "Kessling",
    "Redmarsh",
    "Riverside",
    "Harbour Ledger",
    "Harwick",
    "Valdoria",
    # The forms of version 2.
    "Marrowgate",
    "Kestle Bay",
    "Wrenfold",
    "Duneholm",
    "Saltmere",
    "Brackwater",
    "Gull Point",
    "Vellmoor",
    "Carrow",
    "Fellbrook",
    # The theme banks' headline items (tests/unit/test_theme_headlines.py).
    "Brennmoor",
    "Korvell",
    "Vellmark",
    "Lindgrove",
    "Halvik",
    "Averne",
)
INSTITUTIONS = re.compile(
    r"\b(council|councillors?|ministry|minister|commission|office|university|school board|board"
    r"|police|force|authority|agency|hospital|clinic|court|parliament|government|department"
    r"|coastguard|committee|company|operator|audit(?:ors?)?|inspectors?|EU|OECD|EEAS|UN|NATO"
    r"|fire service|health board|electoral)\b",
    re.IGNORECASE,
)
ATTRIBUTION = re.compile(
    r"\b(according to|says?|said|told|reports?|reported|study|survey|review|figures|data|records"
    r"|papers|register|published|confirmed|ruled|statement|insiders|sources|experts?|website"
    r"|shows?|finds|found|checked)\b",
    re.IGNORECASE,
)
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
DATE = re.compile(
    rf"\b({MONTHS}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b\d{{1,2}}/\d{{1,2}}\b",
    re.IGNORECASE,
)
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff]")
LINK = re.compile(r"https?://|\b[\w-]+(?:\.[\w-]+)*\.(?:example|com|org|net|info|gov|eu|lt|io|co|uk)\b")
FIRST_PERSON = re.compile(r"\bI\b|\bI'[a-z]+|\b(me|my|mine|we|we're|we'll|we've|us|our|ours)\b", re.I)
SECOND_PERSON = re.compile(r"\b(you|your|yours|you're|you'll|you've)\b", re.IGNORECASE)
SHARE = re.compile(r"\b(share|forward|send this|pass it on|retweet|spread the word)\b", re.IGNORECASE)
LABEL = re.compile(r"^\W*[A-Z][A-Z ]{3,}:")
SCARE_QUOTES = re.compile(r"(?<![A-Za-z])'[^'\n]+'(?![A-Za-z])|[\"“”]")
SINGLE_QUOTES = re.compile(r"(?<![A-Za-z])'[^'\n]+'(?![A-Za-z])")
DOUBLE_QUOTES = re.compile(r"[\"“”]")
HOSTILE_EMOJI = re.compile(
    "[\U0001f621\U0001f620\U0001f92c\U0001f62d\U0001f622\U0001f630\U0001f921\U0001f602\U0001f37f]"
)
NAME_COLON = re.compile(r"^[^A-Za-z]*(?:[A-Z][a-z]+\s+){0,3}[A-Z][a-z]+(?:\s+update)?:")
ODD_HANDLE = re.compile(r"@\w*(?:_|\d)\w*")
WORD = re.compile(r"[A-Za-zÀ-ž][A-Za-zÀ-ž'’-]*")
PROPER = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][a-z]+")


@dataclass(frozen=True)
class Seen:
    """What the learner sees of one item, split into its parts."""

    text: str
    """Everything shown, without Markdown marks."""
    claim: str
    """The headline or message itself: no byline, no screenshot caption, no wrapping quotes."""
    byline: str
    style: str
    """"headline", "post" or "screenshot"."""


def seen(question: HeadlineQuestion) -> Seen:
    lines = [ln.strip() for ln in question.prompt.strip().splitlines() if ln.strip()]
    byline = lines.pop() if lines and lines[-1].startswith(("—", "-")) else ""
    caption = lines.pop(0) if lines and lines[0].startswith("*[") else ""
    claim = " ".join(lines).replace("**", "").strip()
    if len(claim) > 1 and claim[0] == claim[-1] == '"':
        claim = claim[1:-1]
    style = "screenshot" if caption else "headline" if question.prompt.lstrip().startswith("**") else "post"
    text = " ".join(part for part in (caption.strip("*"), claim, byline) if part)
    return Seen(text, claim, byline, style)


def _count(pattern: re.Pattern[str], part: str = "text") -> Callable[[Seen], float]:
    return lambda s: float(len(pattern.findall(getattr(s, part))))


def _has(pattern: re.Pattern[str], part: str = "text") -> Callable[[Seen], float]:
    return lambda s: float(bool(pattern.search(getattr(s, part))))


def _places(part: str) -> Callable[[Seen], float]:
    return lambda s: float(any(place in getattr(s, part) for place in INVENTED_PLACES))


def _mean_word(s: Seen) -> float:
    words = WORD.findall(s.claim)
    return sum(map(len, words)) / len(words) if words else 0.0


FEATURES: dict[str, Callable[[Seen], float]] = {
    "invented place in the claim": _places("claim"),
    "invented place anywhere": _places("text"),
    "proper names in the claim": _count(PROPER, "claim"),
    "year": _has(re.compile(r"\b(1[89]|20)\d\d\b")),
    "date or weekday": _has(DATE),
    "clock time": _has(re.compile(r"\b\d{1,2}[:.]\d\d\b")),
    "digits": _has(re.compile(r"\d")),
    "numbers (count)": _count(re.compile(r"\d[\d,.]*")),
    "percent or currency": _has(re.compile(r"[%€$£]|\bper ?cent\b", re.IGNORECASE)),
    "exclamation mark": _has(re.compile("!")),
    "question mark": _has(re.compile(r"\?")),
    "emoji": _has(EMOJI),
    "all-caps word (4+ letters)": _has(re.compile(r"\b[A-Z]{4,}\b")),
    "acronym (2-3 capitals)": _has(re.compile(r"\b[A-Z]{2,3}\b")),
    "capital letters (share)": lambda s: sum(c.isupper() for c in s.claim) / max(1, len(s.claim)),
    "label like BREAKING:": _has(LABEL, "claim"),
    "named institution": _has(INSTITUTIONS),
    "source or attribution named": _has(ATTRIBUTION),
    "link or web address": _has(LINK),
    "quotation marks in the claim": _has(SCARE_QUOTES, "claim"),
    "@handle": _has(re.compile(r"@\w+")),
    "hashtag": _has(re.compile(r"(?<!\w)#\w+")),
    "first person": _has(FIRST_PERSON, "claim"),
    "second person": _has(SECOND_PERSON, "claim"),
    "call to share": _has(SHARE, "claim"),
    "ellipsis": _has(re.compile(r"\.\.\.|…")),
    "reply under a post": _has(re.compile(r"\breply\b", re.IGNORECASE), "byline"),
    "forwarded": _has(re.compile(r"\bforwarded\b", re.IGNORECASE)),
    "date in the byline": _has(re.compile(rf"\b({MONTHS})\b|\b(19|20)\d\d\b"), "byline"),
    "style: headline": lambda s: float(s.style == "headline"),
    "style: post": lambda s: float(s.style == "post"),
    "style: screenshot": lambda s: float(s.style == "screenshot"),
    "length (characters)": lambda s: float(len(s.text)),
    "length (words)": lambda s: float(len(WORD.findall(s.text))),
    "mean word length": _mean_word,
    "sentences": lambda s: float(len(re.findall(r"[.!?]+(?:\s|$)", s.claim)) or 1),
    "repeated ! or ?": _has(re.compile(r"[!?]{2,}")),
    "single quotes in the claim": _has(SINGLE_QUOTES, "claim"),
    "double quotes in the claim": _has(DOUBLE_QUOTES, "claim"),
    "angry, crying or mocking emoji": _has(HOSTILE_EMOJI),
    "opens with a name and a colon": _has(NAME_COLON, "claim"),
    "@handle with _ or a digit": _has(ODD_HANDLE, "byline"),
    "forwarded many times": _has(re.compile(r"forwarded many times", re.IGNORECASE)),
}


def _masthead(s: Seen) -> str | None:
    return (s.byline.lstrip("—- ").strip() or None) if s.style == "headline" else None


def _caption(s: Seen) -> str | None:
    return s.text.split("]", 1)[0] if s.style == "screenshot" else None


def _town(s: Seen) -> str | None:
    found = [(s.claim.find(place), place) for place in INVENTED_PLACES if place in s.claim]
    return min(found)[1] if found else None


CATEGORIES: dict[str, Callable[[Seen], str | None]] = {
    "masthead": _masthead,
    "masthead's last word": lambda s: name.split()[-1] if (name := _masthead(s)) else None,
    "town named first": _town,
    "screenshot caption": _caption,
}
"""Names a learner could remember from item to item or form to form (None: the item has none)."""


def stump(values: Sequence[float], labels: Sequence[bool]) -> Callable[[float], bool]:
    """The threshold rule that sorts ``values`` into ``labels`` best (True: manipulative)."""
    candidates = sorted(set(values))
    thresholds = [candidates[0] - 1, *((a + b) / 2 for a, b in itertools.pairwise(candidates))]
    best: tuple[int, float, bool] | None = None
    for t in thresholds:
        for high_is_manipulative in (True, False):
            right = sum(
                (v > t) == (label == high_is_manipulative) for v, label in zip(values, labels, strict=True)
            )
            if best is None or right > best[0]:
                best = (right, t, high_is_manipulative)
    assert best is not None
    _, t, high = best
    return lambda v: (v > t) == high


def leave_one_out_by_name(names: Sequence[str], labels: Sequence[bool]) -> float:
    """Accuracy of "same name, same class as most others with it" on each item left out."""
    right = 0.0
    for i, (name, label) in enumerate(zip(names, labels, strict=True)):
        others = [lab for j, (n, lab) in enumerate(zip(names, labels, strict=True)) if j != i and n == name]
        manipulative = sum(others)
        reliable = len(others) - manipulative
        right += 0.5 if manipulative == reliable else float((manipulative > reliable) == label)
    return right / len(names)


def leave_one_out(values: Sequence[float], labels: Sequence[bool]) -> float:
    """Accuracy of the stump on each item when trained on all the others."""
    right = 0
    for i, (value, label) in enumerate(zip(values, labels, strict=True)):
        rule = stump([*values[:i], *values[i + 1 :]], [*labels[:i], *labels[i + 1 :]])
        right += rule(value) == label
    return right / len(values)


@dataclass(frozen=True)
class FeatureAudit:
    feature: str
    accuracy: float
    reliable: float
    """Mean value on reliable items (the share having it, for a yes/no feature)."""
    manipulative: float


def audit(items: Sequence[HeadlineQuestion]) -> list[FeatureAudit]:
    """Every feature's leave-one-out accuracy on ``items``, worst (highest) first."""
    views = [seen(q) for q in items]
    labels = [not q.is_reliable for q in items]
    results = []
    for name, feature in FEATURES.items():
        values = [feature(v) for v in views]
        rel = [v for v, manip in zip(values, labels, strict=True) if not manip]
        man = [v for v, manip in zip(values, labels, strict=True) if manip]
        results.append(
            FeatureAudit(name, leave_one_out(values, labels), sum(rel) / len(rel), sum(man) / len(man))
        )
    for name, category in CATEGORIES.items():
        named = [(n, manip) for v, manip in zip(views, labels, strict=True) if (n := category(v)) is not None]
        if not named:
            continue
        names, named_labels = zip(*named, strict=True)
        results.append(
            FeatureAudit(
                name,
                leave_one_out_by_name(names, named_labels),
                # For a name: how many different names each class carries.
                float(len({n for n, manip in named if not manip})),
                float(len({n for n, manip in named if manip})),
            )
        )
    return sorted(results, key=lambda r: -r.accuracy)


def table(results: Sequence[FeatureAudit], limit: float) -> str:
    lines = [f"{'feature':<30} {'LOO accuracy':>12} {'reliable':>9} {'manipulative':>12}"]
    for r in results:
        mark = "  <- above the limit" if r.accuracy > limit else ""
        lines.append(f"{r.feature:<30} {r.accuracy:>11.0%} {r.reliable:>9.2f} {r.manipulative:>12.2f}{mark}")
    names = ", ".join(CATEGORIES)
    lines.append(f"Names ({names}): accuracy over the items that carry one; the columns count the names.")
    return "\n".join(lines)
