"""``edition serve``: build, serve the site on 127.0.0.1, rebuild on save, reload the open pages.

The build is the ordinary incremental one, run in this process each time the
watcher (watchfiles) reports a change to a text, a pin file, ``volume.toml``,
the persons or terms list or a Markdown page. The reload hook exists only in
what this server sends: every HTML response gets a small script that listens
for Server-Sent Events and reloads its page when a build has finished. The
files on disk are the published ones, untouched.
"""
from __future__ import annotations

import os
import signal
from contextlib import closing
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .build import build

EVENTS = "/__edition/events"
WATCHED = {".txt", ".toml", ".md"}  # texts, persons.txt/terms.txt, pins and volume.toml, pages
KEEP_ALIVE = 15  # seconds between comments on an idle event stream, to notice closed pages


class Builds:
    """How many builds have finished; event streams wait for the next one."""

    def __init__(self) -> None:
        self.count = 0
        self.stopped = False
        self._changed = threading.Condition()

    def finished(self) -> None:
        with self._changed:
            self.count += 1
            self._changed.notify_all()

    def stop(self) -> None:
        with self._changed:
            self.stopped = True
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int | None:
        """The count once it is past ``seen`` (or ``seen`` after ``timeout``); None when stopping."""
        with self._changed:
            self._changed.wait_for(lambda: self.stopped or self.count != seen, timeout)
            return None if self.stopped else self.count


def reload_script(count: int) -> bytes:
    """The script added to served pages. It says which build the page came
    from, so a build that finished before the stream opened still reloads it."""
    return (f'<script>new EventSource("{EVENTS}?since={count}")'
            '.addEventListener("reload",function(){location.reload()});</script>').encode()


def with_reload(page: bytes, count: int) -> bytes:
    at = page.rfind(b"</body>")
    script = reload_script(count)
    return page + script if at < 0 else page[:at] + script + page[at:]


class Handler(SimpleHTTPRequestHandler):
    """The site's files as they are, HTML pages with the reload script, and the event stream."""

    def __init__(self, *args, builds: Builds, **kwargs):
        self.builds = builds
        super().__init__(*args, **kwargs)

    def log_message(self, *args) -> None:  # the terminal is for the build's messages
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload must show the new build
        super().end_headers()

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _respond(self, body: bool) -> None:
        url = urlsplit(self.path)
        if url.path == EVENTS:
            return self._events(parse_qs(url.query).get("since", [""])[0]) if body else self.send_error(405)
        path = self.translate_path(self.path)
        if os.path.isdir(path) and url.path.endswith("/"):
            path = os.path.join(path, "index.html")
        if not (path.endswith(".html") and os.path.isfile(path)):
            return super().do_GET() if body else super().do_HEAD()
        count = self.builds.count
        try:
            with open(path, "rb") as f:
                page = with_reload(f.read(), count)
        except OSError:
            return self.send_error(404)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        if body:
            self.wfile.write(page)

    def _events(self, since: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = int(since) if since.isdigit() else self.builds.count
        try:
            while True:
                now = self.builds.wait(seen, KEEP_ALIVE)
                if now is None:
                    return
                self.wfile.write(b"event: reload\ndata: %d\n\n" % now if now != seen else b": waiting\n\n")
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            return


def watched(src: Path, out: Path):
    """The watcher's filter: input files under SRC, never the build's own output
    (OUT, and its staging folder and lock beside it, may lie inside SRC)."""
    outputs = (out, out.parent / f".{out.name}.staging", out.parent / f".{out.name}.old")

    def keep(_change, name: str) -> bool:
        path = Path(name)
        return path.suffix in WATCHED and not any(path.is_relative_to(o) for o in outputs)
    return keep


def serve(src: Path, out: Path, port: int = 8000, echo=print, say=print, jobs: int | None = None,
          ready=None) -> int:
    """Build SRC into OUT, serve OUT/site until interrupted, rebuilding on every
    change. ``echo`` takes the build's messages, ``say`` the server's own lines.
    Returns the exit status: 0 when stopped with Ctrl-C (or SIGTERM), 2 when
    the first build or the server could not start."""
    import watchfiles
    src, out = src.resolve(), out.resolve()
    # Watching starts before the first build: a save made during that build,
    # or just after "serving" is printed, is seen (the watcher keeps what
    # happens between two of its wake-ups, one every 200 ms).
    watcher = watchfiles.watch(src, watch_filter=watched(src, out), debounce=300,
                               yield_on_timeout=True, rust_timeout=200)
    with closing(watcher):
        next(watcher)
        status = build(src, out, echo=echo, jobs=jobs)
        if status == 2:
            return 2
        builds = Builds()
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port),
                                         partial(Handler, directory=str(out / "site"), builds=builds))
        except OSError as err:
            say(f"cannot serve on 127.0.0.1:{port}: {err.strerror}")
            return 2
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, name="edition-serve", daemon=True)
        thread.start()
        previous = signal.signal(signal.SIGTERM, signal.default_int_handler)  # stops like Ctrl-C
        say(f"serving {src} at http://127.0.0.1:{server.server_port}/ (rebuilt on every save; Ctrl-C stops)")
        if ready is not None:
            ready(server.server_port)
        try:
            for changes in watcher:
                if not changes:
                    continue
                names = sorted({Path(p).name for _, p in changes})
                say(f"changed: {', '.join(names[:5])}" + (f" and {len(names) - 5} more" if len(names) > 5 else ""))
                build(src, out, echo=echo, jobs=jobs)
                builds.finished()
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            builds.stop()
            server.shutdown()
            server.server_close()
            thread.join()
        say("stopped")
        return 0
