"""An example third-party source for gigs: agent proposal e-mails saved in a folder."""

from .inbox import InboxSource

__all__ = ["InboxSource"]
__version__ = "0.1.0"
