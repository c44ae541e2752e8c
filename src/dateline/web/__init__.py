"""The HTTP API and web app over ``Dateline`` (``dateline serve``; docs/api.md)."""
from .app import check_bind, create_app

__all__ = ["check_bind", "create_app"]
