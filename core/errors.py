"""Errors that say whether trying again can help (transient) or not (terminal).

Messages are written for the person reading `documents.error` or `council-etl status`:
what is wrong and what to do about it.
"""


class PipelineError(Exception):
    terminal = True

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnreadableDocument(PipelineError):
    """The bytes cannot become a document: bad, empty, encrypted or unsupported input."""

    def __init__(self, message: str, status: str = "failed"):
        super().__init__(message)
        self.status = status


class TransientError(PipelineError):
    """Network, lock or resource trouble: the same call may succeed later."""
    terminal = False


class WarehouseBusy(TransientError):
    pass
