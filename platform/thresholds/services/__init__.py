"""Thresholds: the operator's table and its seed (``thresholds``), and the aggregated value of a joint procurement
compared with them (``aggregate``)."""
