"""The built site -> a static search index in ``<output>/pagefind/``, made by Pagefind.

Pagefind (``pip install 'pagefind[bin]'``, whose wheel ships the binary) reads the built
HTML; only pages that mark their text with ``data-pagefind-body`` (articles, in the default
theme) are indexed.  The search page loads ``pagefind/pagefind.js`` in the browser, so search
needs no server-side component and works offline and under a sub-path.

The bundle is written into a temporary folder next to the output and swapped in at the end
(old index renamed away, new one renamed in, old one deleted), so a failure or an interrupt
leaves the previous index as it was.  Nothing is downloaded at run time.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from digest.errors import DigestError
from digest.write import remove_abandoned

SEARCH_DIR = "pagefind"  # the bundle's folder inside the output
TEMP_PREFIX = ".digest-pagefind-"  # temporary folders next to the output: <prefix><pid>-<random>
TIMEOUT = 30 * 60  # seconds; 10,000 articles take about 15-25 s on two cores


def write_search_index(output_dir: Path) -> None:
    """Index the built site in ``output_dir`` with Pagefind into ``output_dir/pagefind/``.

    Raises ``DigestError("search index: …")`` when Pagefind is missing or fails; the previous
    ``pagefind/`` is then left untouched.
    """
    output_dir = Path(output_dir).absolute()
    if not output_dir.is_dir():
        raise DigestError(f"search index: the output folder {output_dir} does not exist; build the site first")
    binary = _pagefind_binary()
    work_parent = _work_parent(output_dir)
    remove_abandoned(work_parent, TEMP_PREFIX)
    try:
        work = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=work_parent))
    except OSError as error:
        raise DigestError(f"search index: cannot create a temporary folder in {work_parent}: {error}") from None
    try:
        bundle = work / "new"
        _run_pagefind(binary, output_dir, bundle)
        _keep_unchanged_files(bundle, output_dir / SEARCH_DIR)
        _swap_in(bundle, output_dir / SEARCH_DIR, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _pagefind_binary() -> Path:
    """The Pagefind executable: $PAGEFIND_BINARY_PATH, the one the ``pagefind[bin]`` wheel
    ships, or ``pagefind`` on PATH (the lookup of Pagefind's own Python API)."""
    binary: Path | None = None
    try:
        from pagefind.service import get_executable

        binary = get_executable()
    except ImportError:  # the binary's wheel without the wrapper
        with contextlib.suppress(ImportError, OSError):
            from pagefind_bin import get_executable as get_bin_executable

            binary = get_bin_executable()
    except OSError:
        binary = None
    if binary is None or not binary.is_file():
        where = f" (no Pagefind binary at {binary})" if binary is not None else ""
        raise DigestError(
            f"search index: Pagefind is not installed; install it with: pip install 'pagefind[bin]'{where}"
        )
    return binary


def _run_pagefind(binary: Path, site: Path, bundle: Path) -> None:
    command = [str(binary), "--site", str(site), "--output-path", str(bundle), "--quiet"]
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise DigestError(f"search index: Pagefind did not finish within {TIMEOUT} seconds") from None
    except OSError as error:
        raise DigestError(f"search index: cannot run Pagefind ({binary}): {error}") from None
    if done.returncode != 0:
        raise DigestError(f"search index: Pagefind failed (exit code {done.returncode}): {_last_lines(done)}")
    if not (bundle / "pagefind.js").is_file():
        raise DigestError(f"search index: Pagefind wrote no pagefind.js: {_last_lines(done) or 'no output'}")


def _last_lines(done: subprocess.CompletedProcess[str], count: int = 5) -> str:
    lines = [line.strip() for line in (done.stderr + "\n" + done.stdout).splitlines() if line.strip()]
    return " / ".join(lines[-count:])


def _keep_unchanged_files(bundle: Path, previous: Path) -> None:
    """Where the new index has a file with the same bytes as the previous one, use the previous
    file (a hard link), so its modification time stays and deploy tools skip it."""
    for root, _dirs, files in os.walk(bundle):
        for name in files:
            new = Path(root, name)
            old = previous / new.relative_to(bundle)
            try:
                if old.stat().st_size != new.stat().st_size or old.read_bytes() != new.read_bytes():
                    continue
                linked = new.with_name(f".{name}.old")
                os.link(old, linked)
                os.replace(linked, new)
            except OSError:
                continue  # no previous file, or no hard links here: the new file is as good


def _swap_in(bundle: Path, target: Path, work: Path) -> None:
    """Replace ``target`` with ``bundle``: old renamed away, new renamed in, old deleted.

    A concurrent indexer may put its own bundle in between; then its bundle is moved away
    too and ours goes in (the last one wins, and there is always exactly one index).
    """
    old = work / "old"
    for attempt in range(5):
        moved_away = False
        try:
            os.replace(target, old if attempt == 0 else work / f"old-{attempt}")
            moved_away = True
        except FileNotFoundError:
            pass  # no previous index
        except OSError as error:
            raise DigestError(f"search index: cannot move the previous {target} away: {error}") from None
        try:
            os.rename(bundle, target)  # fails, rather than merges, if a folder appeared meanwhile
            return
        except OSError as error:
            if target.exists() and not target.is_symlink() and target.is_dir():
                continue  # another indexer was quicker: move its bundle away and try again
            if moved_away and attempt == 0:
                with contextlib.suppress(OSError):
                    os.replace(old, target)  # put the previous index back
            raise DigestError(f"search index: cannot move the new index into {target}: {error}") from None
    raise DigestError(f"search index: {target} kept changing while it was being replaced")


def _work_parent(output_dir: Path) -> Path:
    """Where temporary bundles go: next to the output, unless that is another file system
    (an output folder that is a mount point), where renames would fail; then inside it."""
    parent = output_dir.parent
    try:
        if os.stat(parent).st_dev == os.stat(output_dir).st_dev and os.access(parent, os.W_OK | os.X_OK):
            return parent
    except OSError:
        pass
    return output_dir
