"""Publication: the joint procurements a region marks public, served as Open Contracting Data (OCDS 1.1)."""
