"""Action-plan services: each takes the principal explicitly and reaches rows only through ``access``."""
