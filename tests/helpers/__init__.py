"""Test helpers, imported as `tests.helpers.<module>` (never by bare name through conftest)."""
