"""One module per CLI command (or group); `monitor.cli` registers the commands each module names in `__all__`."""
