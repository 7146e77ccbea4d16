"""Versioned documents of a joint procurement, stored behind a small storage interface."""
