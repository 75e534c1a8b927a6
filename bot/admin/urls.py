"""The feed URL safety check (SSRF guard): a Slack user must not make the bot fetch internal services.

A URL is accepted when its scheme is http or https and every address its host resolves to is a public one.
Refused: loopback (127.0.0.0/8, ::1), private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local
(169.254/16 including the cloud metadata address 169.254.169.254, fe80::/10), shared (100.64/10), multicast,
reserved, unspecified (0.0.0.0, ::), and IPv6 forms embedding such an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`,
6to4, Teredo). `PRBOT_ALLOW_PRIVATE_FEEDS=true` lifts the address rule (the scheme rule stays).

Every redirect hop must pass too: `check_url` is a `bot.fetch.UrlCheck`, given to the `Fetcher` so it runs before
each request of a redirect chain, when a feed is added (`bot.admin.feeds`) and whenever the watcher polls a
user-added feed or fetches its release pages.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable

from yarl import URL

from bot.errors import CommandError

Resolver = Callable[[str], Awaitable[list[str]]]
"""`async resolve(host) -> [ip address, ...]`; tests inject one, the default asks the system (getaddrinfo)."""

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


async def system_resolver(host: str) -> list[str]:
    """Resolve `host` with the system resolver (`getaddrinfo`, off the event loop); every address, v4 and v6.

    Raises `CommandError` when the name does not resolve.
    """
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise CommandError(f"cannot resolve the host {host}: {exc}") from exc
    return [str(info[4][0]) for info in infos]


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None


def is_public_address(address: IPAddress) -> bool:
    """True when `address` is globally routable unicast (not loopback, private, link-local, shared, multicast,
    reserved or unspecified), including the IPv4 address embedded in an IPv6 one."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None and not is_public_address(inner):
            return False
    return address.is_global and not address.is_multicast


async def check_url(url: str, *, allow_private: bool = False, resolver: Resolver | None = None) -> None:
    """Refuse a URL the bot must not fetch; return None when it may.

    Raises `CommandError` (plain words, shown to the user) when the URL is not a web address (unreadable, no
    scheme, or a scheme other than http/https), has no host, the host does not resolve, or (unless
    `allow_private`) any resolved address is not public.
    """
    try:
        parsed = URL(url)
    except (ValueError, TypeError) as exc:
        raise CommandError(f"{url} is not a web address: give a full http:// or https:// URL") from exc
    if parsed.scheme not in ("http", "https"):
        what = "give a full http:// or https:// URL" if not parsed.scheme else "only http:// and https:// are allowed"
        raise CommandError(f"{url} is not a web address: {what}")
    host = parsed.raw_host
    if not host:
        raise CommandError(f"{url} has no host name")
    if allow_private:
        return
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        resolved = await (resolver or system_resolver)(host)
        if not resolved:
            raise CommandError(f"cannot resolve the host {host}") from None
        addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in resolved]
    for address in addresses:
        if not is_public_address(address):
            raise CommandError(
                f"refusing {url}: {host} is a private, loopback, link-local or reserved address ({address}). "
                "Set PRBOT_ALLOW_PRIVATE_FEEDS=true to allow internal feeds."
            )
