"""One error hierarchy. Every error a user can cause carries a message that names the
file, key, line, source or query position, so the CLI prints one line (exit 2) and the
app shows a notification — never a traceback."""

from __future__ import annotations


class GigsError(Exception):
    """Base of every error gigs reports to a user. ``str(err)`` is the one-line message."""

    exit_code = 2
    title = "Error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(GigsError):
    """A bad config file: names the file and the key."""

    title = "Config error"

    def __init__(self, path: object, key: str | None, problem: str) -> None:
        self.path = str(path)
        self.key = key
        self.problem = problem
        where = f"{self.path}: {key}" if key else self.path
        super().__init__(f"{where}: {problem}")


class SourceError(GigsError):
    """A source failed (network, payload, options). Names the source."""

    title = "Source error"

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"source {source!r}: {problem}")


class QueryError(GigsError):
    """A filter query that does not parse. ``position`` is a 0-based index into ``query``."""

    title = "Bad query"

    def __init__(self, query: str, position: int, problem: str) -> None:
        self.query = query
        self.position = position
        self.problem = problem
        super().__init__(f"query error at column {position + 1}: {problem}")

    def pointer(self) -> str:
        """Two lines: the query and a caret under the bad position."""
        return f"{self.query}\n{' ' * self.position}^"


class StoreError(GigsError):
    """The shortlist (or another user file) cannot be read or written."""

    title = "Store error"

    def __init__(self, path: object, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")


class UsageError(GigsError):
    """Bad command-line usage (unknown uid, bad value)."""

    title = "Usage"
