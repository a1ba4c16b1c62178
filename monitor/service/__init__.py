"""Long-running operation: the cycle, the crawl child, the lock, the scheduler, the mirror server."""
