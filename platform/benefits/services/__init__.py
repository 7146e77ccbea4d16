"""The benefit follow-up's rules: which plans are in follow-up, what they show, and recording measurements."""
