"""Change detection: what is new in the store becomes `changes` rows (DESIGN.md §Changes)."""

from monitor.diff.change_stage import detect_changes
from monitor.diff.kinds import KINDS

__all__ = ["KINDS", "detect_changes"]
