"""A real HTTP server on 127.0.0.1 for fetching tests: fixture pages,
redirects, a PDF, an oversized and a slow answer, pages in other charsets.
Nothing leaves this machine."""

import http.server
import threading
import time
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
NEWS = (PAGES / "news.html").read_bytes()
LATIN1 = (
    "<html><head><title>Café</title></head><body><article><p>Le président a dit "
    "que la coopération économique avait progressé de 12 % en un an, selon "
    "les chiffres publiés à Paris mardi dernier par le ministère.</p>"
    "</article></body></html>"
).encode("latin-1")
CYRILLIC = (
    '<html><head><meta charset="windows-1251"><title>Новости</title></head>'
    "<body><article><p>Министерство сообщило, что экспорт зерна вырос на 15 "
    "процентов за первое полугодие, по данным таможенной службы страны.</p>"
    "</article></body></html>"
).encode("windows-1251")


class Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def log_message(self, *args) -> None:  # quiet tests
        pass

    def do_GET(self) -> None:
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_error(404)
            return
        route(self)

    def reply(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _slow(handler: Handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    handler.wfile.write(b"<html><body>")
    handler.wfile.flush()
    time.sleep(3)  # longer than the tests' read timeout
    handler.wfile.write(b"</body></html>")


def _huge(handler: Handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")  # no length: streamed
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65_536 + b"</p>"
    for _ in range(40):  # about 2.6 MB
        handler.wfile.write(chunk)


Handler.routes = {
    "/news.html": lambda h: h.reply(NEWS, "text/html; charset=utf-8"),
    "/redirect": lambda h: h.redirect("/news.html"),
    "/loop": lambda h: h.redirect("/loop"),
    "/to-metadata": lambda h: h.redirect("http://169.254.169.254/latest/meta-data/"),
    "/to-javascript": lambda h: h.redirect("javascript:alert(1)"),
    "/report.pdf": lambda h: h.reply(b"%PDF-1.4 ...", "application/pdf"),
    "/gone": lambda h: h.reply(b"<html>gone</html>", "text/html", status=410),
    "/empty.html": lambda h: h.reply(b"<html><body></body></html>", "text/html"),
    "/latin1.html": lambda h: h.reply(LATIN1, "text/html; charset=iso-8859-1"),
    "/cyrillic.html": lambda h: h.reply(CYRILLIC, "text/html"),
    "/slow.html": _slow,
    "/huge.html": _huge,
}


class PageServer:
    """`with PageServer() as server: server.url("/news.html")`."""

    def __enter__(self) -> "PageServer":
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False  # never wait for the slow page
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def put(self, path: str, html: str) -> None:
        """Serve `html` at `path` from now on (a page that changes)."""
        body = html.encode("utf-8")
        Handler.routes[path] = lambda h: h.reply(body, "text/html; charset=utf-8")

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"
