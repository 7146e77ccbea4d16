"""The operator's view of how the platform runs: the background jobs and the ones that failed."""
