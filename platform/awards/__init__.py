"""The award: the quality check, every participant's approval, the standstill period and the contract's signature."""
