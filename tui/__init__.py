"""gigs — a terminal job board for machine-learning freelancers.

The package is layered: ``model``, ``money``, ``normalize``, ``sources``, ``config``,
``store`` and ``query`` are plain Python and never import Textual; ``tui.ui`` is the
Textual layer on top of them and ``tui.cli`` the headless command line.
"""

__version__ = "0.1.0"
