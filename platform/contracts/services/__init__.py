"""Rules of the contract register: access, contracts, lead times, CSV imports and re-procurement schedule."""
