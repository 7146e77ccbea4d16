"""Background jobs of the tenancy area."""
