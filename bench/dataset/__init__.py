"""Generators of benchmark data, shared by the national data set (bench/national.py) and bench/attention.py.

Each module loads one area in bulk (executemany ``insert(Model)`` of lists of dicts, ids taken back with
RETURNING where later rows need them), as the system principal, with every scope column the area's
row-level-security rules read. The same seed and sizes always give the same rows.
"""
