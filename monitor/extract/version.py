"""The version of the extraction rules, stored with every figure and version row: the cycle and
`reextract` re-read what another version extracted.  A module of its own so that reading it does
not compile the extractor's patterns (a query command needs the number, not the extractor)."""

EXTRACTOR_VERSION = "1.10"
