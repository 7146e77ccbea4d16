"""The contract register: a tenant's own contracts and a region's joint ones, and their re-procurement."""
