"""The fault and bad-input suite: hostile inputs to every public entry point (issue 7, item 3)."""
