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


def _pattern_ids(pattern: str, interaction: str, choices: set[str]) -> None:
    if interaction == "true-false":
        _need(pattern in ("true", "false"), f"true-false pattern must be true or false, got {pattern!r}")
    elif interaction == "choice":
        ids = pattern.split("[,]") if pattern else []
        _need(len(ids) == len(set(ids)), f"choice pattern {pattern!r} repeats an id")
        _need(set(ids) <= choices, f"choice pattern {pattern!r} names ids not among {sorted(choices)}")


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
        choices: set[str] = set()
        if interaction == "choice":
            _need(isinstance(definition.get("choices"), list), f"{where}: a choice interaction lists choices")
            for item in definition["choices"]:
                _need(isinstance(item.get("id"), str) and item["id"], f"{where}: a choice needs an id")
                _need("[,]" not in item["id"], f"{where}: a choice id may not contain [,]")
                _language_map(item.get("description"), f"{where}.choices[{item['id']}].description")
                choices.add(item["id"])
            _need(len(choices) == len(definition["choices"]), f"{where}: choice ids must be unique")
        else:
            _need("choices" not in definition, f"{where}: only choice-like interactions have choices")
        for pattern in definition.get("correctResponsesPattern", []):
            _pattern_ids(pattern, interaction, choices)
        definition = {**definition, "_choices": choices}
    return definition


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
                _pattern_ids(result["response"], interaction, definition.get("_choices", set()))
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
