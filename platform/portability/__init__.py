"""A municipality's own export of everything it owns, and loading such an archive into an empty installation."""
