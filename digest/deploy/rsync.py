"""A plain web server over SSH: ``rsync -az --delete public/ user@host:/path/``.

The command is printed before it runs, so that it can be run by hand or from CI as well.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

from digest.config import DeployTarget
from digest.deploy import DeployError, DeployReport
from digest.deploy.files import site_files
from digest.write import MANIFEST


def rsync_command(target: DeployTarget, output_dir: Path, site_dir: Path, dry_run: bool = False) -> list[str]:
    destination = _destination(str(target.get("destination")), site_dir)
    command = ["rsync", "--archive", "--compress", "--checksum", "--itemize-changes", "--exclude", ".git/"]
    command += ["--exclude", f"/{MANIFEST}"]  # digest's list of what it wrote: for the next build
    if target.get("delete", True):
        command.append("--delete")
    if target.get("ssh"):
        command += ["--rsh", str(target.get("ssh"))]
    if dry_run:
        command.append("--dry-run")
    return [*command, f"{output_dir}/", destination]


def _destination(destination: str, site_dir: Path) -> str:
    """The folder rsync is to make the same as the output, as rsync reads it: remote when a
    colon comes before any slash (``host:`` alone is the home folder there, never ``host:/``),
    else a local folder, relative to the site folder rather than to wherever digest runs."""
    head, colon, path = destination.partition(":")
    remote = destination.startswith("rsync://") or (bool(colon) and "/" not in head)
    if remote:
        return destination if not path else destination.rstrip("/") + "/"
    return os.path.normpath(site_dir / Path(destination).expanduser()) + "/"


def deploy_with_rsync(target: DeployTarget, output_dir: Path, site_dir: Path, dry_run: bool = False) -> DeployReport:
    command = rsync_command(target, output_dir, site_dir, dry_run)
    if shutil.which("rsync") is None:
        raise DeployError(f"{target.name}: rsync is not installed; the command would be: {shlex.join(command)}")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise DeployError(f"{target.name}: {shlex.join(command)} failed: {done.stderr.strip()}")
    report = DeployReport(target.name, dry_run=dry_run, note=shlex.join(command))
    for line in done.stdout.splitlines():  # itemized: "<f+++++++++ path", "*deleting path"
        change, _, path = line.partition(" ")
        if change.startswith("*deleting"):
            if not path.strip().endswith("/"):  # files, as the other targets count them; not their folders
                report.deleted.append(path.strip())
        elif change[:2] in ("<f", ">f") and not path.endswith("/"):
            report.uploaded.append(path)
    report.unchanged = len(site_files(output_dir)) - len(report.uploaded)
    return report
