"""Delivering the signed papers to every participant and the shared IT service, and the maintenance budget lines."""
