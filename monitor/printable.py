"""Text from the sites made safe to print: control characters shown as escapes, never sent raw.

A scraped title can carry an ESC sequence (by accident or on purpose) that recolours, retitles
or clears the user's terminal, or forges lines in a log file. Terminal tables and the program
log show such characters as `\\x1b`-style escapes instead; JSON output escapes them itself.
"""

from __future__ import annotations

import re

#: C0 controls (but tab and newline), DEL, C1 controls, and the bidirectional overrides that
#: can make a line read differently from what it holds.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_OR_LINE_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def printable(text: str) -> str:
    """`text` with control characters escaped; tabs and newlines kept (log messages)."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """`text` for one table cell: tabs and line breaks become spaces, other controls escapes."""
    return _UNSAFE_OR_LINE_BREAK.sub(lambda m: " " if m.group(0) in "\t\n\r" else _escape(m), text)
