"""``digest deploy``: the built site to where it is published, as ``deploy:`` in digest.yaml says.

One module per kind of target: ``github`` (a ``gh-pages`` branch, by git plumbing), ``s3``
(S3-compatible storage through boto3, uploading only what changed) and ``rsync`` (a plain
web server over SSH).  Each takes the output folder and returns a ``DeployReport``; with
``dry_run`` it changes nothing and reports what it would do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from digest.config import DEPLOY_TYPES, DeployTarget, SiteConfig
from digest.errors import DigestError, nearest
from digest.layout import CONFIG_NAME


class DeployError(DigestError):
    """A target that cannot be reached, refused, or is not configured."""


@dataclass
class DeployReport:
    target: str
    uploaded: list[str] = field(default_factory=list)  # new or changed files
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False
    note: str = ""  # what the target adds: a commit, a command line

    def summary(self) -> str:
        verb = ("would upload", "would delete") if self.dry_run else ("uploaded", "deleted")
        text = (
            f"{self.target}: {verb[0]} {len(self.uploaded)}, {verb[1]} {len(self.deleted)}, {self.unchanged} unchanged"
        )
        return f"{text} ({self.note})" if self.note else text


def choose_target(config: SiteConfig, name: str | None) -> DeployTarget:
    """The target named ``name``, or the first one configured (as ``hugo deploy`` does)."""
    if not config.deploy:
        raise DeployError(
            "no deploy targets in digest.yaml; add for example\n"
            "deploy:\n  - {name: pages, type: github-pages, remote: origin, branch: gh-pages}"
        )
    if name is None:
        return config.deploy[0]
    for target in config.deploy:
        if target.name == name:
            return target
    names = [target.name for target in config.deploy]
    close = nearest(name, names)
    hint = f"; did you mean {close!r}?" if close else ""
    raise DeployError(f"no deploy target named {name!r}{hint} (targets: {', '.join(names)})")


def refuse_unknown_keys(target: DeployTarget) -> None:
    """A target with a key digest does not know is not deployed to, as it would be without it:
    a mistyped ``delete: false`` would delete what it keeps, an ``endpoint:`` publish to AWS."""
    known = DEPLOY_TYPES[target.type][0]
    unknown = [str(key) for key in target.options if key not in known]
    if not unknown:
        return
    close = nearest(unknown[0], known)
    hint = f" (did you mean {close!r}?)" if close else f" (known keys: {', '.join(known)})"
    raise DeployError(
        f"{target.name}: unknown key {unknown[0]!r}{hint}: a target is not deployed to while a key of it is not "
        "understood; nothing was built or published",
        CONFIG_NAME,
        target.line,
    )


def deploy(
    target: DeployTarget, output_dir: Path, site_dir: Path, config: SiteConfig, dry_run: bool = False
) -> DeployReport:
    """Publish ``output_dir`` to ``target``; a failure is told at the target's entry in digest.yaml."""
    try:
        return _deploy(target, output_dir, site_dir, config, dry_run)
    except DeployError as error:
        if error.path is not None:
            raise
        raise DeployError(error.message, CONFIG_NAME, target.line) from None


def _deploy(target: DeployTarget, output_dir: Path, site_dir: Path, config: SiteConfig, dry_run: bool) -> DeployReport:
    if target.type == "github-pages":
        from digest.deploy.github import deploy_to_branch

        return deploy_to_branch(target, output_dir, site_dir, config, dry_run)
    if target.type == "s3":
        from digest.deploy.s3 import deploy_to_s3

        return deploy_to_s3(target, output_dir, dry_run)
    if target.type == "rsync":
        from digest.deploy.rsync import deploy_with_rsync

        return deploy_with_rsync(target, output_dir, site_dir, dry_run)
    raise DeployError(f"unknown deploy type {target.type!r}")  # config validation makes this unreachable
