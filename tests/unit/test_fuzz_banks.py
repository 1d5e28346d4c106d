"""Fuzzing bank files (issue 13, point 16): whatever the file holds, only the app's own answers.

Random bytes, random text, random TOML built from the format's own keys, the sample bank
with one value anywhere changed, and real banks
mutated (slices cut or repeated, hostile fragments spliced in: deep nesting, ``inf``, a
5,000-digit integer, escape sequences, NUL bytes, a byte-order mark, broken UTF-8) are written
to a file and checked in-process as ``quiz validate`` checks them, as ``quiz banks`` lists
them and as the app's home screen summarises them. Never an exception but the app's own
errors; exit codes only 0 (valid), 1 (invalid) or 2 (usage); no raw control character in
what is printed.

CI runs Hypothesis's default profile (100 cases per strategy, the same cases every run). A
long run is one option away:

    pytest tests/unit/test_fuzz_banks.py --hypothesis-profile=fuzz-long --hypothesis-show-statistics
"""

from __future__ import annotations

import copy
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.bank import load_banks
from quiz.bank.summary import summarise_banks
from quiz.cli import cli
from quiz.infra.controls import CONTROL
from tests.conftest import FIXTURES, REPO

LONG = settings.default.max_examples > 1000
FUZZ = settings(
    deadline=None,
    derandomize=not LONG,  # CI: the same cases every run; a long run explores
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

SEEDS = [
    (FIXTURES / "sample.toml").read_bytes(),
    *(path.read_bytes()[:6000] for path in sorted((REPO / "questions").glob("*.toml"))[:2]),
]

FRAGMENTS = [
    b"[" * 1000 + b"]" * 1000,
    b"x = " + b"[" * 390 + b"]" * 390,
    b"{ a = " * 300 + b"1" + b" }" * 300,
    b"time_limit_minutes = inf\n",
    b"pass_mark = nan\n",
    b"points = -inf\n",
    b"points = " + b"9" * 5000 + b"\n",
    b"points = 1e999\n",
    b'prompt = "\\u001b[2J\\u001b[H"\n',
    b'title = "\\u001b]0;pwned\\u0007"\n',
    b'language = "\\u0000\\u0000"\n',
    b'explanation = "\\e]52;c;aGk=\\a"\n',
    b"\x00\x00\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe\xc3\x28",
    b"\xc2\x9b2J",
    b"\r\r\n\r",
    b'"""',
    b"'''",
    b"[[questions]]\n",
    b"[[questions.choices]]\n",
    b"[bank]\n",
    b"[bank.defaults]\n",
    b"id = 'q1'\n",
    b'type = "headline"\n',
    b"answer = 1979-05-27T07:32:00Z\n",
    b"facts_as_of = 9999-12-31\n",
    b"facts_as_of = 0001-01-01T00:00:00+05:00\n",
    b"topics = [" + b'"t", ' * 2000 + b"]\n",
    b"a." * 999 + b"b = 1\n",
    b"= = =\n",
]

KEYS = [
    "id", "title", "description", "version", "language", "pass_mark", "time_limit_minutes",
    "facts_as_of", "defaults", "difficulty", "points", "topics", "shuffle", "type", "prompt",
    "explanation", "technique", "sources", "url", "choices", "text", "correct", "feedback",
    "answer", "bank", "questions",
]  # fmt: skip

scalars = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["single", "multiple", "true_false", "headline", "easy", "hard", "reliable", "emotion"]),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
)
toml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=5),
    ),
    max_leaves=30,
)
bank_like = st.fixed_dictionaries(
    {
        "bank": st.dictionaries(st.sampled_from(KEYS), toml_values, max_size=8),
        "questions": st.lists(st.dictionaries(st.sampled_from(KEYS), toml_values, max_size=10), max_size=4),
    }
)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A real bank with a few cuts, repeats, flips and hostile fragments."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(data)))
        action = draw(st.sampled_from(["insert", "cut", "repeat", "flip", "replace-line"]))
        if action == "insert":
            data[at:at] = draw(st.sampled_from(FRAGMENTS))
        elif action == "cut":
            data[at : at + draw(st.integers(min_value=1, max_value=200))] = b""
        elif action == "repeat":
            data[at:at] = data[at : at + draw(st.integers(min_value=1, max_value=400))]
        elif action == "flip" and data:
            index = min(at, len(data) - 1)
            data[index] = draw(st.integers(min_value=0, max_value=255))
        else:
            end = data.find(b"\n", at)
            data[at : end if end >= 0 else len(data)] = draw(st.sampled_from(FRAGMENTS)).rstrip(b"\n")
    return bytes(data)


SAMPLE_DATA = tomllib.loads((FIXTURES / "sample.toml").read_text(encoding="utf-8"))


@st.composite
def one_value_changed(draw: st.DrawFn) -> dict[str, Any]:
    """The sample bank as data, with one value anywhere in it replaced (or one key added)."""
    document = copy.deepcopy(SAMPLE_DATA)
    node: Any = document
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        if isinstance(node[key], dict | list) and draw(st.booleans()):
            node = node[key]
            continue
        if isinstance(node, dict) and draw(st.integers(0, 4)) == 0:
            key = draw(st.sampled_from(KEYS))
        node[key] = draw(toml_values)
        break
    return document


def _toml(document: dict[str, object]) -> bytes:
    try:
        return tomli_w.dumps(document).encode("utf-8")
    except (TypeError, ValueError):  # a value TOML cannot write (a time with a zone, say)
        return b""


def check(content: bytes) -> None:
    """``content`` as a bank file: validated, listed and summarised, with only the app's answers."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        path.write_bytes(content)
        result = CliRunner().invoke(cli, ["validate", str(path)])
        assert result.exit_code in (0, 1, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output
        found = CONTROL.search(result.output)
        assert found is None, f"printed a raw {found.group()!r}: {result.output[:300]!r}"
        loaded = load_banks([Path(folder)])
        assert len(loaded.banks) + len(loaded.failed) == 1
        assert len(summarise_banks([Path(folder)])) <= 1


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(content: bytes) -> None:
    check(content)


@FUZZ
@given(st.text(max_size=2000))
def test_random_text(text: str) -> None:
    check(text.encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(bank_like)
def test_random_toml_in_the_shape_of_a_bank(document: dict[str, object]) -> None:
    check(_toml(document))


@FUZZ
@given(one_value_changed())
def test_the_sample_bank_with_one_value_changed(document: dict[str, object]) -> None:
    check(_toml(document))


@FUZZ
@given(mutated())
def test_mutated_real_banks(content: bytes) -> None:
    check(content)


def test_the_seeds_themselves_are_valid() -> None:
    result = CliRunner().invoke(cli, ["validate", str(FIXTURES / "sample.toml")])
    assert result.exit_code == 0, result.output
