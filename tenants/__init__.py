"""Tenancy: regions, municipalities, memberships, users, roles, the permission model and invitations."""
