"""Comparing a pre-change and a post-change snapshot: what got worse, in words."""

from __future__ import annotations

from collections.abc import Mapping

from citynet.state.features import FEATURES, StateFeature
from citynet.state.model import Snapshot, StateProblem

ABSENT = "absent"


def compare_snapshots(pre: Snapshot, post: Snapshot) -> list[StateProblem]:
    """What is worse after the change than before it.

    Only the features both snapshots were asked for are compared. Volatile fields
    (counters, uptimes, timers: each feature's ``volatile``) and descriptive fields are
    never compared; a watched field that changed is a problem unless it moved to a
    healthy value. An item present before and gone after is a problem (a neighbour lost);
    an item that appears is not. A feature that was readable before and is not after is
    a problem.
    """
    problems: list[StateProblem] = []
    for name, feature in FEATURES.items():
        asked_before = name in pre.features or name in pre.errors
        asked_after = name in post.features or name in post.errors
        if not (asked_before and asked_after):
            continue
        if name in post.errors:
            if name not in pre.errors:
                problems.append(
                    StateProblem(
                        name,
                        feature.title,
                        "readable",
                        "unreadable",
                        f"{feature.title}: could not be read after the change "
                        f"({post.errors[name]})",
                    )
                )
            continue
        if name in pre.errors:
            continue
        problems += _compare_items(feature, pre.features[name], post.features[name])
    return problems


def _compare_items(
    feature: StateFeature,
    before: Mapping[str, Mapping[str, str]],
    after: Mapping[str, Mapping[str, str]],
) -> list[StateProblem]:
    problems: list[StateProblem] = []
    for item, old in before.items():
        new = after.get(item)
        if new is None:
            state = _state(feature, old)
            problems.append(
                StateProblem(
                    feature.name,
                    item,
                    state,
                    ABSENT,
                    f"{feature.title}: {item} was {state} before the change and is gone after it",
                )
            )
            continue
        for field in sorted(feature.watched):
            was, now = old.get(field, ""), new.get(field, "")
            if was == now or _better(feature, field, was, now):
                continue
            problems.append(
                StateProblem(
                    feature.name,
                    item,
                    f"{field} {was or 'empty'}",
                    f"{field} {now or 'empty'}",
                    f"{feature.title}: {item} {field.replace('_', ' ')} was "
                    f"{was or 'empty'} before the change and is {now or 'empty'} after it",
                )
            )
    return problems


def _better(feature: StateFeature, field: str, was: str, now: str) -> bool:
    good = feature.healthy.get(field)
    return good is not None and now in good and was not in good


def _state(feature: StateFeature, fields: Mapping[str, str]) -> str:
    shown = [f"{f} {fields[f]}" for f in sorted(feature.watched) if fields.get(f)]
    return ", ".join(shown) or "present"
