"""Scorers that compare dateline's output with gold data, one module per stage."""
