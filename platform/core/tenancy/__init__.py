"""The tenancy mechanism every area builds on: who acts (``principal``), what each table shows
them (``rules``, declared on the models), and the guard that applies those rules to every ORM
read and write (``guard``). Which roles hold which permissions is the tenants area's business.
"""
