"""Publishing the store to people who are not at a terminal: Datasette metadata and an Atom feed.

Domain code only (no click, no web server): the `serve` and `feed` commands and the `[alerts.feed]`
channel call into it.
"""
