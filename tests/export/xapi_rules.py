"""A validator for the xAPI 1.0.3 statement rules our exporter must keep (tests only).

Written from the specification (xAPI 1.0.3, Part Two: Statement, Agent, Verb, Activity,
Interaction Activities, Result, Score, Context), not from our exporter: it checks required
properties, exactly one actor identifier, score ranges, ISO 8601 durations and timestamps,
and that responses and correct-response patterns use the interaction's own choice ids.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
STATEMENT_KEYS = {
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
}
IFI = ("mbox", "mbox_sha1sum", "openid", "account")
INTERACTION_TYPES = {
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
}


class Invalid(AssertionError):
    pass


def _need(condition: bool, message: str) -> None:
    if not condition:
        raise Invalid(message)


def _language_map(value: Any, where: str) -> None:
    _need(isinstance(value, dict) and value, f"{where}: expected a non-empty language map")
    for key, text in value.items():
        _need(bool(LANGUAGE_TAG.match(key)), f"{where}: {key!r} is not an RFC 5646 language tag")
        _need(isinstance(text, str), f"{where}: values must be strings")


def check_agent(agent: Any, where: str = "actor") -> None:
    _need(isinstance(agent, dict), f"{where}: expected an object")
    _need(agent.get("objectType", "Agent") == "Agent", f"{where}: objectType must be Agent")
    found = [key for key in IFI if key in agent]
    _need(len(found) == 1, f"{where}: exactly one identifier expected, found {found}")
    if "mbox" in agent:
        mbox = agent["mbox"]
        _need(
            isinstance(mbox, str) and re.match(r"^mailto:[^@\s]+@[^@\s]+$", mbox) is not None,
            f"{where}.mbox: expected mailto:address, got {mbox!r}",
        )
    if "account" in agent:
        account = agent["account"]
        _need(set(account) == {"homePage", "name"}, f"{where}.account: needs exactly homePage and name")
        _need(bool(re.match(r"^https?://", account["homePage"])), f"{where}.account.homePage: must be an IRL")
        _need(
            isinstance(account["name"], str) and account["name"], f"{where}.account.name: must not be empty"
        )
    if "name" in agent:
        _need(isinstance(agent["name"], str), f"{where}.name: must be a string")


def check_timestamp(value: Any, where: str) -> None:
    _need(isinstance(value, str), f"{where}: expected a string")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Invalid(f"{where}: {value!r} is not ISO 8601") from None
    _need(moment.tzinfo is not None, f"{where}: must carry a time zone")


def check_score(score: Any, where: str) -> None:
    _need(isinstance(score, dict), f"{where}: expected an object")
    _need(set(score) <= {"scaled", "raw", "min", "max"}, f"{where}: unknown keys {set(score)}")
    for key, value in score.items():
        _need(
            isinstance(value, int | float) and not isinstance(value, bool), f"{where}.{key}: must be a number"
        )
    if "scaled" in score:
        _need(-1 <= score["scaled"] <= 1, f"{where}.scaled: {score['scaled']} outside [-1, 1]")
    if "min" in score and "max" in score:
        _need(
            score["min"] < score["max"], f"{where}: min {score['min']} must be less than max {score['max']}"
        )
    if "raw" in score:
        if "min" in score:
            _need(score["raw"] >= score["min"], f"{where}: raw {score['raw']} below min {score['min']}")
        if "max" in score:
            _need(score["raw"] <= score["max"], f"{where}: raw {score['raw']} above max {score['max']}")


def _pattern_ids(pattern: str, interaction: str, lists: dict[str, set[str]]) -> None:
    items = pattern.split("[,]") if pattern else []
    if interaction == "true-false":
        _need(pattern in ("true", "false"), f"true-false pattern must be true or false, got {pattern!r}")
    elif interaction in ("choice", "sequencing"):
        choices = lists["choices"]
        _need(len(items) == len(set(items)), f"{interaction} pattern {pattern!r} repeats an id")
        _need(
            set(items) <= choices, f"{interaction} pattern {pattern!r} names ids not among {sorted(choices)}"
        )
        if interaction == "sequencing":
            _need(set(items) == choices, f"sequencing pattern {pattern!r} does not order every choice")
    elif interaction == "matching":
        pairs = [item.split("[.]") for item in items]
        _need(all(len(p) == 2 for p in pairs), f"matching pattern {pattern!r}: pairs are source[.]target")
        _need({p[0] for p in pairs} <= lists["source"], f"matching pattern {pattern!r} names unknown sources")
        _need({p[1] for p in pairs} <= lists["target"], f"matching pattern {pattern!r} names unknown targets")


def check_activity(activity: Any, where: str) -> dict[str, Any]:
    _need(isinstance(activity, dict), f"{where}: expected an object")
    _need(activity.get("objectType", "Activity") == "Activity", f"{where}: objectType must be Activity")
    _need(
        isinstance(activity.get("id"), str) and IRI.match(activity["id"]) is not None,
        f"{where}.id: not an IRI",
    )
    definition = activity.get("definition", {})
    for key in ("name", "description"):
        if key in definition:
            _language_map(definition[key], f"{where}.definition.{key}")
    if "type" in definition:
        _need(IRI.match(definition["type"]) is not None, f"{where}.definition.type: not an IRI")
    interaction = definition.get("interactionType")
    if interaction is not None:
        _need(interaction in INTERACTION_TYPES, f"{where}: unknown interactionType {interaction!r}")
        lists = COMPONENT_LISTS.get(interaction, ())
        for name in {"choices", "scale", "source", "target", "steps"} - set(lists):
            _need(name not in definition, f"{where}: a {interaction} interaction has no {name}")
        ids = {name: _components(definition.get(name), f"{where}.{name}") for name in lists}
        for pattern in definition.get("correctResponsesPattern", []):
            _pattern_ids(pattern, interaction, ids)
        definition = {**definition, "_ids": ids}
    return definition


COMPONENT_LISTS = {"choice": ("choices",), "sequencing": ("choices",), "matching": ("source", "target")}
"""The interaction component lists each interaction type has (xAPI 1.0.3, Part Two, 2.4.4.1)."""


def _components(items: Any, where: str) -> set[str]:
    _need(isinstance(items, list) and items, f"{where}: expected a list of components")
    found: set[str] = set()
    for item in items:
        _need(isinstance(item.get("id"), str) and item["id"], f"{where}: a component needs an id")
        _need(not re.search(r"\s", item["id"]), f"{where}: id {item['id']!r} holds whitespace")
        _need("[,]" not in item["id"] and "[.]" not in item["id"], f"{where}: id may not contain [,] or [.]")
        _language_map(item.get("description"), f"{where}[{item['id']}].description")
        found.add(item["id"])
    _need(len(found) == len(items), f"{where}: ids must be unique")
    return found


def check_statement(statement: Any) -> None:
    """Raise ``Invalid`` naming the first rule ``statement`` breaks."""
    _need(isinstance(statement, dict), "a statement is a JSON object")
    _need(set(statement) <= STATEMENT_KEYS, f"unknown statement keys {set(statement) - STATEMENT_KEYS}")
    for key in ("actor", "verb", "object"):
        _need(key in statement, f"missing required property {key}")
    if "id" in statement:
        _need(bool(UUID.match(statement["id"])), f"id {statement['id']!r} is not a UUID")
        uuid.UUID(statement["id"])
    check_agent(statement["actor"])
    verb = statement["verb"]
    _need(isinstance(verb.get("id"), str) and IRI.match(verb["id"]) is not None, "verb.id: not an IRI")
    if "display" in verb:
        _language_map(verb["display"], "verb.display")
    definition = check_activity(statement["object"], "object")
    result = statement.get("result")
    if result is not None:
        _need(
            set(result) <= {"score", "success", "completion", "response", "duration", "extensions"},
            f"result: unknown keys {set(result)}",
        )
        if "score" in result:
            check_score(result["score"], "result.score")
        for key in ("success", "completion"):
            if key in result:
                _need(isinstance(result[key], bool), f"result.{key}: must be true or false")
        if "duration" in result:
            _need(
                bool(DURATION.match(result["duration"])),
                f"result.duration {result['duration']!r} is not ISO 8601",
            )
        if "response" in result:
            _need(isinstance(result["response"], str), "result.response: must be a string")
            interaction = definition.get("interactionType")
            if interaction:
                _pattern_ids(result["response"], interaction, definition.get("_ids", {}))
    context = statement.get("context")
    if context is not None:
        if "registration" in context:
            _need(bool(UUID.match(context["registration"])), "context.registration: not a UUID")
        for kind, activities in context.get("contextActivities", {}).items():
            _need(kind in ("parent", "grouping", "category", "other"), f"contextActivities: unknown {kind}")
            for activity in activities:
                check_activity(activity, f"context.contextActivities.{kind}")
        for key in context.get("extensions", {}):
            _need(IRI.match(key) is not None, f"context.extensions: key {key!r} is not an IRI")
        if "language" in context:
            _need(bool(LANGUAGE_TAG.match(context["language"])), "context.language: not a language tag")
    if "timestamp" in statement:
        check_timestamp(statement["timestamp"], "timestamp")
