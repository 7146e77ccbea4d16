"""Joint procurements (draft) and the invitations that ask member municipalities to join them."""
