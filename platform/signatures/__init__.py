"""The region's data processing agreement: its template, each contract's document, and every controller's signature."""
