"""Needs intake: needs and initiatives, their lifecycle and history, and benefit-realisation plans."""
