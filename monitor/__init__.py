"""Hainan Park Monitor: extraction, change detection, alerts, the cycle, the scheduler and the CLI."""

__version__ = "0.1.0"
