"""Fetching a URL a person asked for, and nothing else.

Server-side request forgery is the risk: a URL (or a redirect, or a DNS name
that resolves differently the second time) pointing at this machine, the
intranet or the cloud's metadata service. So the address is checked where the
connection is made, after DNS resolution, for every hop of a redirect chain:
by default only public addresses; with `allow_private` (settings
CLAIMDESK_FETCH_ALLOW_PRIVATE, for tests and intranets) loopback and private
ranges too; link-local addresses (169.254.0.0/16 and fe80::/10, where cloud
metadata lives), multicast and unspecified ones never.

Connect and read timeouts, an overall deadline, a size cap, a limited number
of redirects each checked like the first URL, and only HTML is taken, decoded
with the charset the server (or the page) declares.
"""

import codecs
import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin

import httpcore
import httpx
from django.core.exceptions import ValidationError

from claims.validators import WebURLValidator

HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "ClaimDesk (fact-checking; fetches what a person asked for)"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.I)


class FetchError(Exception):
    """Why a URL could not be taken in, in words for the person who asked."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5_000_000
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    deadline: float = 30.0  # for the whole fetch, redirects included
    max_redirects: int = 5
    allow_private: bool = False


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    html: str
    raw: bytes  # as received, for the snapshot
    content_type: str
    charset: str


def address_refusal(ip: str, *, allow_private: bool) -> str | None:
    """Why an address may not be fetched, or None."""
    address = ipaddress.ip_address(ip)
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_link_local:
        return "a link-local address (such as a cloud metadata service)"
    if address.is_multicast or address.is_unspecified:
        return "not a unicast address"
    if address.is_global:
        return None
    if allow_private and (address.is_loopback or address.is_private):
        return None
    return "a private or local address"


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves the host itself and connects only to an address it allows."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self, host, port, timeout=None, local_address=None, socket_options=None
    ):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(f"The host {host!r} could not be found.") from exc
        refusals = []
        for *_, sockaddr in infos:
            ip = sockaddr[0]
            refusal = address_refusal(ip, allow_private=self.allow_private)
            if refusal is None:
                return self._backend.connect_tcp(
                    ip, port, timeout, local_address, socket_options
                )
            refusals.append(refusal)
        raise FetchError(f"Not fetched: {host} is {refusals[0]}.")

    def connect_unix_socket(self, *args, **kwargs):
        raise FetchError("Not fetched: not a network address.")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, allow_private: bool) -> None:
        super().__init__(trust_env=False)
        # httpx takes no network backend of its own: swap the pool it made for
        # one that connects through the guard (tests/claims/test_fetch.py
        # proves the guard is what answers).
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            network_backend=_GuardedBackend(allow_private),
            max_connections=4,
        )


def _check_url(url: str) -> None:
    try:
        WebURLValidator()(url)
    except ValidationError as exc:
        raise FetchError(f"{url[:200]}: {' '.join(exc.messages)}") from None


def _charset(content_type: str, head: bytes) -> str:
    declared = re.search(r"charset=([A-Za-z0-9_.:-]+)", content_type, re.I)
    found = declared.group(1) if declared else None
    if found is None and (meta := _META_CHARSET.search(head[:4096])):
        found = meta.group(1).decode("ascii")
    try:
        return codecs.lookup(found or "utf-8").name
    except LookupError:  # a charset Python does not know
        return "utf-8"


def fetch(url: str, limits: Limits = Limits()) -> Page:
    """The HTML page at `url`, or FetchError saying why not."""
    _check_url(url)
    started = time.monotonic()
    timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}
    transport = _GuardedTransport(limits.allow_private)
    with httpx.Client(transport=transport, timeout=timeout, headers=headers) as client:
        for _hop in range(limits.max_redirects + 1):
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        target = response.headers.get("location", "")
                        url = urljoin(url, target)
                        _check_url(url)
                        continue
                    return _read(response, url, limits, started)
            except httpx.InvalidURL as exc:  # a Location httpx cannot even parse
                raise FetchError(
                    f"{url[:200]}: redirects to what is not a web address."
                ) from exc
            except httpx.TimeoutException as exc:
                raise FetchError(f"{url[:200]}: the server took too long.") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"{url[:200]}: {exc or 'the fetch failed'}.") from exc
    raise FetchError(f"More than {limits.max_redirects} redirects.")


def _read(response: httpx.Response, url: str, limits: Limits, started: float) -> Page:
    if response.status_code != 200:
        raise FetchError(f"{url[:200]}: the server answered {response.status_code}.")
    content_type = response.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        raise FetchError(
            f"{url[:200]}: not a web page ({content_type or 'no content type'})."
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"The page is larger than {limits.max_bytes:,} bytes.")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(f"The page is larger than {limits.max_bytes:,} bytes.")
        if time.monotonic() - started > limits.deadline:
            raise FetchError(f"{url[:200]}: the server took too long.")
        chunks.append(chunk)
    raw = b"".join(chunks)
    charset = _charset(content_type, raw)
    return Page(
        url=str(response.url) if response.url else url,
        html=raw.decode(charset, errors="replace"),
        raw=raw,
        content_type=content_type,
        charset=charset,
    )
