"""Reader stub: to be written."""
from __future__ import annotations


def read(inp, config):
    raise NotImplementedError
