"""A real HTTP server on 127.0.0.1 for source tests (no network, no httpx mocks).

Each route answers with a recorded payload or a fault, so a source is exercised through
its real HTTP client against its real wire format::

    with LocalServer() as server:
        server.route("/api", body=Path("fixtures/remoteok.json").read_bytes())
        server.route("/slow", delay=30)               # never answers in time
        server.route("/busy", status=429, headers={"Retry-After": "1"})
        url = server.url                               # http://127.0.0.1:<port>

A route may also be a callable ``(path, query) -> Reply`` for paging. ``server.requests``
records ``(path, query, headers)`` of every request so tests can assert what was sent.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    delay: float = 0.0
    #: Send the headers, then close the connection after this many body bytes.
    truncate_at: int | None = None
    #: Omit Content-Length and stream the body in chunks (chunked encoding).
    chunked: bool = False


Handler = Callable[[str, dict[str, list[str]]], Reply]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Reply | Handler] = {}
        self.requests: list[tuple[str, dict[str, list[str]], dict[str, str]]] = []
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._closing = threading.Event()

    def route(self, path: str, reply: Reply | Handler | None = None, **kwargs) -> None:
        """Answer ``path`` (without query) with ``reply`` or ``Reply(**kwargs)``."""
        if isinstance(kwargs.get("body"), str):
            kwargs["body"] = kwargs["body"].encode("utf-8")
        self.routes[path] = reply if reply is not None else Reply(**kwargs)

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "LocalServer":
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                server.requests.append((parts.path, query, dict(self.headers)))
                route = server.routes.get(parts.path)
                if route is None:
                    reply = Reply(b"not found", status=404, content_type="text/plain")
                elif callable(route):
                    reply = route(parts.path, query)
                else:
                    reply = route
                if reply.delay:
                    # Sleep in small steps so shutting the server down is not held up.
                    end = time.monotonic() + reply.delay
                    while time.monotonic() < end and not server._closing.is_set():
                        time.sleep(0.02)
                    if server._closing.is_set():
                        return
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    if reply.chunked:
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        step = 16 * 1024
                        for i in range(0, len(reply.body), step):
                            chunk = reply.body[i : i + step]
                            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                        self.wfile.write(b"0\r\n\r\n")
                        return
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    if reply.truncate_at is not None:
                        self.wfile.write(reply.body[: reply.truncate_at])
                        self.wfile.flush()
                        self.close_connection = True
                        return
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._closing.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()


def dead_url() -> str:
    """A 127.0.0.1 URL where nothing listens (connection refused)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
