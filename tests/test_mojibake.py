"""Mojibake: text decoded with the wrong codec is repaired as ftfy repairs it."""

from __future__ import annotations

import dedup


class TestRepairOrder:
    def test_page_decoded_as_latin1_is_repaired(self) -> None:
        """UTF-8 read as Latin-1 carries C1 controls; they are repaired, not dropped."""
        page = "It’s “ok” — fine".encode().decode("latin-1")
        assert dedup.clean(page) == 'It\'s "ok" -- fine\n'

    def test_c1_control_inside_windows1252_mojibake(self) -> None:
        """The closing quote's \\x9d is part of the mojibake, not a stray control."""
        assert dedup.clean("â€œHelloâ€\x9d") == '"Hello"\n'
