"""The fast table order is exactly Python's stable sort."""

from __future__ import annotations

import random

import pytest

from rtcc_desktop.footage.sort_order import ascending_order


@pytest.mark.parametrize("kind", ["case", "user", "float", "int", "inf", "mixed-num", "empty", "one"])
def test_same_permutation_as_sorted(kind: str) -> None:
    rng = random.Random(kind)
    n = {"empty": 0, "one": 1}.get(kind, 5_000)
    make = {
        "case": lambda: f"2026-{rng.randrange(0, 900):06d}",
        "user": lambda: rng.choice(["operator", "op2", "supervisor", "Zed", "ällo", ""]),
        "float": lambda: rng.random() * 1e9,
        "int": lambda: rng.randrange(-5, 5),
        "inf": lambda: rng.choice([float("inf"), 1.5, -2.0]),
        "mixed-num": lambda: rng.choice([1, 2.5, 0, -3]),
        "empty": lambda: 0,
        "one": lambda: "x",
    }[kind]
    keys = [make() for _ in range(n)]
    assert ascending_order(keys) == sorted(range(n), key=keys.__getitem__)


def test_falls_back_for_keys_numpy_cannot_order() -> None:
    keys = [float("nan"), 1.0, 0.5]
    assert ascending_order(keys) == sorted(range(3), key=keys.__getitem__)
    tuples = [(1, "b"), (1, "a"), (0, "z")]
    assert ascending_order(tuples) == [2, 1, 0]
    huge = [2**70, 1, -(2**70)]
    assert ascending_order(huge) == [2, 1, 0]
    with_bool = [True, 0.5, 0, False]
    assert ascending_order(with_bool) == sorted(range(4), key=with_bool.__getitem__)
