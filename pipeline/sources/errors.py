"""Fetch errors, each saying whether trying again later can help."""
from __future__ import annotations

from core.errors import PipelineError, TransientError


class FetchError(PipelineError):
    """Terminal: the same request will fail the same way (4xx, malformed XML, refused host)."""

    def __init__(self, message: str, url: str | None = None):
        super().__init__(message)
        self.url = url


class TransientFetchError(TransientError):
    """Timeout, connection trouble or a 5xx that outlived its retries: try again tomorrow."""

    def __init__(self, message: str, url: str | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.url = url
        self.retry_after = retry_after      # seconds the server asked us to wait (429/503)


class TooSlow(TransientFetchError):
    """The whole request outlived deadline_seconds (a server trickling bytes): not retried in
    this run, tried again by a later one."""


class RefusedURL(FetchError):
    """A link or redirect to a host that is not configured: never contacted."""


class TooLarge(FetchError):
    """The download exceeded the host's max_bytes."""


class MalformedXML(FetchError):
    """The web service answered, but not with XML we can read."""


class ConfigError(PipelineError):
    """The sources configuration is wrong; the message names the key to fix."""
