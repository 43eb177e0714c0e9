"""Starting `zwgk serve`'s app on a free loopback port for a test, and small HTTP helpers (stdlib only)."""
from __future__ import annotations

import contextlib
import http.client
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from zwgk.server import ServerConfig, create_app
from zwgk.server.run import background


@contextlib.contextmanager
def running(store: Path, **options: Any) -> Iterator[str]:
    """The whole server (query workers included) over `store`; yields its base URL."""
    config = ServerConfig(store=store, port=0, **options)
    with background(create_app(config)) as url:
        yield url


def request(url: str, method: str = "GET", path: str = "/", body: bytes | None = None,
            headers: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, dict[str, str], bytes]:
    """One raw request (the path is sent as given, unnormalised); status, headers (lower-case) and body."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def get_query(url: str, query: str, accept: str | None = None, **params: str) -> tuple[int, dict[str, str], bytes]:
    path = "/sparql?" + urllib.parse.urlencode({"query": query, **params})
    return request(url, "GET", path, headers={"Accept": accept} if accept else {})


def ask_on_page(browser: Any, url: str, question: str, css: str, timeout: float = 60) -> list[Any]:
    """Type a question into the web page's ask box, send it, and return the elements `css` finds in the answer."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url + "/")
    WebDriverWait(browser, timeout).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#ask-q"))
    browser.find_element(By.CSS_SELECTOR, "#ask-q").send_keys(question)
    browser.find_element(By.CSS_SELECTOR, "#ask-form button").click()
    WebDriverWait(browser, timeout).until(lambda d: d.find_elements(By.CSS_SELECTOR, css))
    return list(browser.find_elements(By.CSS_SELECTOR, css))
