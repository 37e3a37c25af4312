"""The source contract: one small class per kind of place gigs come from.

A source turns a place (a board's API, a feed, a local file, the user's own list) into
*records*: plain dicts whose keys are the gig field names of INTERFACES.md (``id``,
``title``, ``client``, ``rate``, ``days_per_week``, ``remote`` …). Values may be raw text
exactly as the place wrote it (``"rate": "60〜90万円/月"``) or already structured
(``"rate": {"min": 60, "max": 80, "currency": "USD", "period": "hour"}``). A source never
parses free text itself: ``tui.normalize.record.gig_from_record`` does that, the same way
for every source, so a rate written in prose means the same thing wherever it came from.

Writing a source (built-in or third-party):

1. Subclass :class:`Source`, set ``type_name``, ``title`` and, for network sources,
   ``network = True`` and ``default_url`` (the origin; the source appends its documented
   path, so tests and mirrors can point ``url`` elsewhere).
2. List the type-specific keys it understands in ``options`` (name -> description).
   Unknown options are rejected with a clear message when the source is built.
3. Implement ``async fetch(ctx)`` returning a list of records. Use ``ctx.get_json`` /
   ``ctx.get_text`` for HTTP (they apply timeouts, retries, size limits and the
   User-Agent) and ``ctx.progress`` to report long work. Raise :class:`SourceError` with a
   message a user understands when the place answers something unusable.
4. Register it under the ``gigs.sources`` entry-point group in your ``pyproject.toml``::

       [project.entry-points."gigs.sources"]
       mysource = "my_package.module:MySource"

Nothing here imports Textual.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import field
from typing import Any, ClassVar, Iterable, Protocol

from ..errors import SourceError
from ..record import record

Record = dict[str, Any]


@record
class SourceSpec:
    """One ``[[sources]]`` entry of the config, validated."""

    name: str
    type: str
    enabled: bool = True
    url: str | None = None
    timeout: float | None = None
    refresh_minutes: float | None = None
    options: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    urls: tuple[str, ...] = ()


class FetchContext(Protocol):
    """What a source may use while fetching. The fetch layer provides it."""

    #: Upper bound on pages a paging source may request in one refresh.
    max_pages: int

    async def get_json(
        self, url: str, *, params: dict[str, Any] | None = None
    ) -> Any:  # pragma: no cover - protocol
        """GET ``url`` and decode JSON; raises SourceError naming the fault."""

    async def get_text(
        self, url: str, *, params: dict[str, Any] | None = None
    ) -> str:  # pragma: no cover - protocol
        """GET ``url`` and return the decoded body; raises SourceError naming the fault."""

    def progress(self, message: str) -> None:  # pragma: no cover - protocol
        """Report progress of long work (a page fetched, a file read)."""


class Source(ABC):
    """Base class of every source. See the module docstring for how to write one."""

    #: The ``type`` users write in config (``type = "remotive"``).
    type_name: ClassVar[str] = ""
    #: Human name, used for attribution ("via Remote OK").
    title: ClassVar[str] = ""
    #: Link to the board, shown in the attribution line.
    homepage: ClassVar[str | None] = None
    #: True when the source reaches the network (``--offline`` skips it).
    network: ClassVar[bool] = False
    #: The origin used when the config gives no ``url``.
    default_url: ClassVar[str | None] = None
    #: Default and minimum refresh interval in minutes (a board's documented limits).
    default_refresh_minutes: ClassVar[float] = 60
    min_refresh_minutes: ClassVar[float] = 0
    #: Type-specific ``options`` keys this source accepts: name -> one-line description.
    options: ClassVar[dict[str, str]] = {}
    #: Top-level keys besides the common ones this source needs (``path``, ``urls``).
    requires: ClassVar[tuple[str, ...]] = ()
    #: A User-Agent for this source's requests (None: the fetcher's, naming gigs).
    user_agent: ClassVar[str | None] = None

    def __init__(self, spec: SourceSpec) -> None:
        unknown = sorted(set(spec.options) - set(self.options))
        if unknown:
            known = ", ".join(sorted(self.options)) or "none"
            raise SourceError(
                spec.name,
                f"unknown option {unknown[0]!r} for type {spec.type!r} (known: {known})",
            )
        for key in self.requires:
            if not getattr(spec, key, None):
                raise SourceError(spec.name, f"type {spec.type!r} needs {key!r}")
        self.spec = spec

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def base_url(self) -> str:
        return (self.spec.url or self.default_url or "").rstrip("/")

    @property
    def refresh_minutes(self) -> float:
        wanted = self.spec.refresh_minutes
        if wanted is None:
            wanted = self.default_refresh_minutes
        return max(float(wanted), float(self.min_refresh_minutes))

    @abstractmethod
    async def fetch(self, ctx: FetchContext) -> Iterable[Record]:
        """Return the place's gigs as records (see the module docstring).

        A list is normalized at once; any other iterable (e.g. a big local file read as
        it goes) is consumed and normalized in a worker thread, record by record.
        """

    def describe(self) -> str:
        """One line for ``gigs sources``: where this source reads from."""
        return self.spec.url or self.spec.path or self.default_url or ""
