"""Benefit follow-up: what a municipality measures of the benefits its delivered procurements promised."""
