"""A plain web server over SSH: ``rsync -az --delay-updates --delete-delay public/ user@host:/path/``.

The command is printed before it runs, so that it can be run by hand or from CI as well.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

from digest.config import DeployTarget
from digest.deploy import DeployError, DeployReport
from digest.deploy.files import left_out, published
from digest.write import MANIFEST


def rsync_command(target: DeployTarget, output_dir: Path, site_dir: Path, dry_run: bool = False) -> list[str]:
    destination = _destination(str(target.get("destination")), site_dir)
    command = ["rsync", "--archive", "--compress", "--checksum", "--itemize-changes", "--exclude", ".git"]
    command.append("--8-bit-output")  # names listed as they are, not escaped (\#303\#251) in a C locale
    # Hidden from the transfer (H: not sent), not protected on the server as an --exclude is: one
    # an older digest sent there is deleted. First, digest's list of what it wrote: for the next build.
    command += ["--filter", f"H /{MANIFEST}"]
    # A site is for everyone to read, though built where a umask keeps new files private (077):
    # every file and folder readable (and each folder open) on the server, whatever machine sent it.
    command.append("--chmod=a+rX")
    for path in left_out(output_dir):  # what editors and file managers left there
        command += ["--filter", "H /" + re.sub(r"([*?\[\\])", r"\\\1", path)]
    # Every file put in place, and every deletion made, once all were sent: a transfer cut off
    # half-way leaves the site as it was, not half updated.
    command.append("--delay-updates")
    if target.get("delete", True):
        command.append("--delete-delay")
    if target.get("ssh"):
        command += ["--rsh", str(target.get("ssh"))]
    if dry_run:
        command.append("--dry-run")
    return [*command, f"{output_dir}/", destination]


def _destination(destination: str, site_dir: Path) -> str:
    """The folder rsync is to make the same as the output, as rsync reads it: remote when a
    colon comes before any slash (``host:`` alone is the home folder there, never ``host:/``),
    else a local folder, relative to the site folder rather than to wherever digest runs."""
    folder = _local_folder(destination, site_dir)
    if folder is None:
        path = destination.partition(":")[2]
        return destination if not path else destination.rstrip("/") + "/"
    return os.path.normpath(folder) + "/"


def _local_folder(destination: str, site_dir: Path) -> Path | None:
    """The destination when it is a folder of this machine (relative to the site folder), else None."""
    head, colon, _ = destination.partition(":")
    if destination.startswith("rsync://") or (bool(colon) and "/" not in head):
        return None
    return site_dir / Path(destination).expanduser()


# A remote destination naming the home folder there (``host:``, ``host:~``) or its root.
_REMOTE_HOME_OR_ROOT = re.compile(r"[^/:]*:(~[^/]*|\.)?/*")


def _refuse_own_folders(target: DeployTarget, output_dir: Path, site_dir: Path) -> None:
    """A local destination that holds the site folder (``.``, ``..``) would lose its content/
    and digest.yaml to --delete; one that holds the output folder, the folder sent from; one
    in the output folder would be published into itself.  With --delete, a home folder or a
    file system's root, here or remote, would lose everything else it holds (``~/.ssh``)."""
    destination = str(target.get("destination"))
    folder = _local_folder(destination, site_dir)
    if target.get("delete", True):
        home = Path(os.path.realpath(Path.home())) if folder is not None else None
        if (
            folder is None and _REMOTE_HOME_OR_ROOT.fullmatch(destination) and not destination.startswith("rsync://")
        ) or (folder is not None and Path(os.path.realpath(folder)) in {home, Path("/")}):
            raise DeployError(
                f"{target.name}: rsync destination {destination!r} is a home folder or a file system's root: "
                "--delete would remove everything else there; name the site's own folder in it "
                f"({destination.rstrip('/')}{'' if destination.rstrip('/').endswith(':') else '/'}www/), "
                "or set delete: false; nothing was sent"
            )
    if folder is None:
        return
    folder, site, output = (Path(os.path.realpath(path)) for path in (folder, site_dir, output_dir))
    if folder == site or folder in site.parents:
        problem = f"is or holds the site folder {site}: --delete would remove its content/ and digest.yaml"
    elif folder == output or folder in output.parents:
        problem = f"is or holds the output folder {output}, which rsync sends from"
    elif output in folder.parents:
        problem = f"is in the output folder {output}: the site would be published into itself"
    else:
        return
    raise DeployError(f"{target.name}: rsync destination {folder} {problem}; nothing was sent")


def deploy_with_rsync(target: DeployTarget, output_dir: Path, site_dir: Path, dry_run: bool = False) -> DeployReport:
    _refuse_own_folders(target, output_dir, site_dir)
    command = rsync_command(target, output_dir, site_dir, dry_run)
    if shutil.which("rsync") is None:
        raise DeployError(f"{target.name}: rsync is not installed; the command would be: {shlex.join(command)}")
    done = subprocess.run(command, capture_output=True, encoding="utf-8", errors="replace", check=False)
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
    report.unchanged = len(published(output_dir)) - len(report.uploaded)
    return report
