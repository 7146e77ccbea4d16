"""The rules of needs intake: who may read and change a need, its lifecycle, benefit plans and templates."""
