"""The Common Procurement Vocabulary (CPV 2008): reference data shared by every tenant."""
