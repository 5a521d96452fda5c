"""``rtcc-desktop room-wall``'s arguments: the words' scale for a room, and bad values named."""

from __future__ import annotations

import pytest

from rtcc_desktop.room_wall.device_login import DEFAULT_SCALE, parse_args


def test_the_words_are_larger_for_the_room_by_default_and_the_scale_can_be_set() -> None:
    assert parse_args(["--name", "front", "--demo"]).scale == DEFAULT_SCALE > 1
    assert parse_args(["--name", "front", "--demo", "--scale", "2"]).scale == 2.0


@pytest.mark.parametrize("value", ["0.1", "9", "nan", "inf", "big"])
def test_a_scale_out_of_reason_is_refused_in_words(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        parse_args(["--name", "front", "--demo", "--scale", value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--scale" in err and ("between 0.5 and 4" in err or "invalid float value" in err), err
