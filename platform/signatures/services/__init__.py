"""The rules of the data processing agreement, by concern: templates, documents, ceremony, evidence, PAdES, verify."""
