"""Background jobs: the queue, the registry of job functions, the worker and the periodic schedule."""
