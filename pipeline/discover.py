"""Finding the papers to process: regular files inside the given folders, nothing else.

A folder is walked without following symbolic links out of it (unless the user opts in with
`--follow-links` / `[run] follow_links`), so a link to /etc/passwd is not stored and a link loop
cannot spin. Named pipes, devices and sockets are refused before they are opened (opening a pipe
blocks for ever; /dev/zero never ends). A file over the size cap is refused from its size alone,
before a byte is read. Everything refused is reported with a reason, never raised, so one odd
entry never costs the rest of the folder.

Local papers can be given their council: `run --authority NAME` for every file, or a mapping
of folders to councils (`[run.authorities]`); it travels in the InputItem's SourceInfo.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from typing import Iterable

from core.errors import PipelineError
from core.model import InputItem, SourceInfo

IGNORED_NAMES = {".DS_Store", "Thumbs.db"}
# A folder's own documentation is not a council paper.
IGNORED_STEMS = {"readme", "license", "licence", "changelog", "notice"}
MB = 1024 * 1024


def is_ignored(name: str) -> bool:
    return (name.startswith(".") or name in IGNORED_NAMES
            or name.split(".", 1)[0].lower() in IGNORED_STEMS)


@dataclass
class Refused:
    path: str
    reason: str


@dataclass
class Discovery:
    items: list[InputItem] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


@dataclass(frozen=True)
class Council:
    name: str
    code: str | None


def resolve_council(name: str) -> Council:
    """A council named by a user (run --authority, [run.authorities]); unknown names refused."""
    from core.authorities import match_authority
    from core.councils import council_by_name
    found = council_by_name(name)
    if found is not None:
        return Council(found.name, found.gss_code)
    authority = match_authority(name)
    if authority is not None and authority.is_local:
        return Council(authority.name, authority.gss_code)
    raise PipelineError(
        f"unknown council {name!r}: give its name as the government lists it (e.g. 'Sefton', "
        "'County Durham', 'Bristol, City of') or its GSS code (e.g. E08000014)")


class CouncilMap:
    """Which council a local file belongs to: one for everything, or the deepest mapped folder."""

    def __init__(self, folders: dict[str, str] | None = None, everything: str | None = None):
        self.everything = resolve_council(everything) if everything else None
        # Resolve every name now, so a typo fails the run before any work.
        self.folders = sorted(((os.path.realpath(f), resolve_council(n))
                               for f, n in (folders or {}).items()),
                              key=lambda fc: len(fc[0]), reverse=True)

    def council_for(self, *paths: str) -> Council | None:
        if self.everything:
            return self.everything
        for folder, council in self.folders:
            if any(_inside(p, folder) for p in paths):
                return council
        return None

    def source_for(self, *paths: str) -> SourceInfo | None:
        council = self.council_for(*paths)
        if council is None:
            return None
        return SourceInfo(authority=council.name, authority_code=council.code)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


class _Walker:
    def __init__(self, follow_links: bool, max_bytes: int, councils: CouncilMap):
        self.follow_links = follow_links
        self.max_bytes = max_bytes
        self.councils = councils
        self.out = Discovery()
        self.seen: set[str] = set()

    def refuse(self, path: str, reason: str) -> None:
        self.out.refused.append(Refused(path, reason))

    def take(self, path: str, real: str, st: os.stat_result) -> None:
        """A regular file: keep it unless too big or already found (two links, one file)."""
        if st.st_size > self.max_bytes:
            self.refuse(path, f"the file is {st.st_size / MB:.0f} MB, over the "
                              f"{self.max_bytes / MB:.0f} MB limit ([run] max_file_mb); not read")
            return
        if real in self.seen:
            return
        self.seen.add(real)
        self.out.items.append(InputItem(path=real, source_key=real,
                                        source=self.councils.source_for(path, real)))

    def named(self, given: str) -> None:
        """A path given by the user: a folder to walk or a file to take (links followed: the
        user named it)."""
        try:
            st = os.stat(given)
        except FileNotFoundError:
            raise FileNotFoundError(f"{given} does not exist") from None
        except OSError as e:
            self.refuse(given, f"cannot be opened ({e.strerror})")
            return
        real = os.path.realpath(given)
        if stat.S_ISDIR(st.st_mode):
            self.walk(os.path.abspath(given), real, {(st.st_dev, st.st_ino)})
        elif stat.S_ISREG(st.st_mode):
            self.take(os.path.abspath(given), real, st)
        else:
            self.refuse(given, f"is {_kind(st.st_mode)}; only regular files are read")

    def walk(self, top: str, root_real: str, visited: set[tuple[int, int]]) -> None:
        """Depth-first, sorted, iterative (no recursion limit on deep trees)."""
        stack = [top]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as e:
                self.refuse(folder, f"the folder could not be read ({e.strerror})")
                continue
            subfolders = []
            for entry in entries:
                if is_ignored(entry.name):
                    continue
                sub = self.entry(entry, root_real, visited)
                if sub:
                    subfolders.append(sub)
            stack.extend(reversed(subfolders))

    def entry(self, entry: os.DirEntry, root_real: str,
              visited: set[tuple[int, int]]) -> str | None:
        """Take or refuse one folder entry; returns a folder to walk next."""
        path = entry.path
        try:
            link = entry.is_symlink()
            # Following a link: ELOOP for a link loop, ENOENT when it dangles.
            st = os.stat(path) if link else entry.stat(follow_symlinks=False)
            real = os.path.realpath(path)
        except OSError as e:
            if e.errno == errno.ELOOP:
                self.refuse(path, "is a symbolic link loop; not followed")
            else:
                self.refuse(path, f"cannot be opened ({e.strerror}); skipped")
            return None
        if link and not self.follow_links and not _inside(real, root_real):
            self.refuse(path, f"is a link to {real}, outside the folder; not followed "
                              "(use --follow-links to allow)")
            return None
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if link and not self.follow_links:
                return None         # a link to a folder inside this one: already walked there
            if key in visited:
                self.refuse(path, "leads back to a folder already walked (a loop); not followed")
                return None
            visited.add(key)
            return path
        if stat.S_ISREG(st.st_mode):
            self.take(path, real, st)
        else:
            self.refuse(path, f"is {_kind(st.st_mode)}; only regular files are read")
        return None


def discover_inputs(paths: Iterable[str | os.PathLike], *, follow_links: bool = False,
                    max_bytes: int = 50 * MB, councils: CouncilMap | None = None) -> Discovery:
    """Regular files under the given paths (folders walked recursively, sorted). Hidden files
    and a folder's README/LICENSE are skipped when walking; a file named explicitly is taken.
    FileNotFoundError when a given path does not exist."""
    walker = _Walker(follow_links, max_bytes, councils or CouncilMap())
    for p in paths:
        walker.named(os.fspath(p))
    return walker.out
