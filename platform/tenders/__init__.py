"""Tenders received in a joint procurement and their evaluation: recorded here, not a tendering portal."""
