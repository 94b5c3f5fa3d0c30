"""GitHub Pages: the built site committed to a ``gh-pages`` branch and pushed.

Plain git plumbing in a scratch repository, so the site folder need not be a repository
itself (a remote *name* such as ``origin`` is looked up in it; a URL or path is used as
it is).  The new commit's parent is the branch's last commit, so the push is a fast-forward
and the history of what was published is kept.  ``.nojekyll`` is always there; a ``CNAME``
the branch has (set on GitHub) is kept when the site has none of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from digest import __version__
from digest.config import DeployTarget, SiteConfig
from digest.deploy import DeployError, DeployReport
from digest.deploy.files import left_out
from digest.write import MANIFEST, scratch_folder

_EMPTY_BLOB = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"  # git's id of an empty file
_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # and of an empty folder


def deploy_to_branch(
    target: DeployTarget, output_dir: Path, site_dir: Path, config: SiteConfig, dry_run: bool = False
) -> DeployReport:
    if shutil.which("git") is None:
        raise DeployError(f"{target.name}: git is not installed")
    remote = _remote_url(str(target.get("remote", "origin")), site_dir, target.name)
    push_to = _remote_url(str(target.get("remote", "origin")), site_dir, target.name, push=True)
    branch = str(target.get("branch", "gh-pages"))
    where = f"{branch} at {_without_password(remote)}"  # as git shows an address: never its password
    with scratch_folder("digest-deploy-") as scratch:
        subprocess.run(["git", "init", "--quiet", "--bare", str(scratch)], capture_output=True, check=True)
        # The files as built, byte for byte: no line-ending conversion (core.autocrlf) or
        # filter of the user's git settings or of a .gitattributes among the site's files.
        (scratch / "info").mkdir(exist_ok=True)
        (scratch / "info" / "attributes").write_text("* -text -filter -ident -working-tree-encoding\n")
        git = _Git(scratch, output_dir, target.name, _identity(site_dir), _reaching_settings(site_dir))
        parent = git.fetch(remote, branch)
        if parent is not None:
            _refuse_the_sources(git, parent, _place_in_repository(site_dir), where)
        tree = git.tree(parent)
        unquoted = ("-c", "core.quotePath=false")  # static/çay.txt, not "static/\303\247ay.txt"
        changes = git(*unquoted, "diff-tree", "-r", "--no-commit-id", "--name-status", parent or _EMPTY_TREE, tree)
        report = _report(target.name, changes, git(*unquoted, "ls-tree", "-r", "--name-only", tree), dry_run)
        if parent is not None and git("rev-parse", f"{parent}^{{tree}}") == tree:
            report.note = f"{where} is up to date"
            return report
        if dry_run:
            report.note = f"would commit to {where}"
            return report
        message = str(target.get("message") or f"Publish {config.title} (digest {__version__})")
        commit = git("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
        git("push", "--quiet", push_to, f"{commit}:refs/heads/{branch}")
        report.note = f"pushed {commit[:10]} to {branch} at {_without_password(push_to)}"
    return report


class _Git:
    """git commands in a scratch repository, with the output folder as the work tree."""

    def __init__(
        self, git_dir: Path, work_tree: Path, target: str, identity: tuple[str, str], settings: list[tuple[str, str]]
    ):
        self.git_dir, self.work_tree, self.target = git_dir, work_tree, target
        name, email = identity
        self.env = {
            **os.environ,
            **_config_env(settings),
            "GIT_DIR": str(git_dir),
            "GIT_WORK_TREE": str(work_tree),
            "GIT_INDEX_FILE": str(git_dir / "digest-index"),
            "GIT_AUTHOR_NAME": os.environ.get("GIT_AUTHOR_NAME", name),
            "GIT_AUTHOR_EMAIL": os.environ.get("GIT_AUTHOR_EMAIL", email),
            "GIT_COMMITTER_NAME": os.environ.get("GIT_COMMITTER_NAME", name),
            "GIT_COMMITTER_EMAIL": os.environ.get("GIT_COMMITTER_EMAIL", email),
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_LITERAL_PATHSPECS": "1",  # a path is a file's name, whatever characters it holds
        }

    def __call__(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["git", *args], env=self.env, cwd=self.work_tree, capture_output=True, text=True, check=False
        )
        if check and done.returncode != 0:
            raise DeployError(f"{self.target}: git {args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")
        return done.stdout.strip() if done.returncode == 0 else ""

    def fetch(self, remote: str, branch: str) -> str | None:
        """The branch's last commit at the remote, fetched; None when there is no such branch yet."""
        if not self("ls-remote", "--heads", remote, f"refs/heads/{branch}"):
            return None
        self("fetch", "--quiet", "--depth=1", remote, f"refs/heads/{branch}")
        return self("rev-parse", "FETCH_HEAD")

    def tree(self, parent: str | None) -> str:
        """The tree of the output folder, with ``.nojekyll`` and the branch's ``CNAME`` kept."""
        self("add", "--all", "--force", ".")
        self("rm", "--cached", "--quiet", "--ignore-unmatch", MANIFEST)  # for the next build, not the host
        if stray := left_out(self.work_tree):  # what editors and file managers left there
            names = self.git_dir / "digest-left-out"
            names.write_bytes(b"".join(os.fsencode(path) + b"\0" for path in stray))
            self(
                "rm", "--cached", "--quiet", "--ignore-unmatch", f"--pathspec-from-file={names}", "--pathspec-file-nul"
            )
        listed = set(self("ls-files").splitlines())
        if ".nojekyll" not in listed:
            self("update-index", "--add", "--cacheinfo", f"100644,{_EMPTY_BLOB},.nojekyll")
        if "CNAME" not in listed and parent and (cname := self("rev-parse", f"{parent}:CNAME", check=False)):
            self("update-index", "--add", "--cacheinfo", f"100644,{cname},CNAME")
        return self("write-tree")


def _identity(site_dir: Path) -> tuple[str, str]:
    """Who publishes: the user.name and user.email git has for the site folder (its repository's,
    the user's, the system's settings), else digest's own."""

    def setting(key: str) -> str:
        done = subprocess.run(["git", "-C", str(site_dir), "config", key], capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    return setting("user.name") or "digest", setting("user.email") or "digest@localhost"


# What the site's repository may hold to reach its remote: a token (actions/checkout keeps one
# as http.<url>.extraheader), a credential helper, an address rewritten, a deploy key's ssh.
_REACHING = r"^(http|credential|url)\..*|^core\.sshcommand$"


def _reaching_settings(site_dir: Path) -> list[tuple[str, str]]:
    """The site repository's own settings (not the user's or the system's, which git reads
    anyway) for reaching a remote, each key with its value, in their order."""
    done = subprocess.run(
        ["git", "-C", str(site_dir), "config", "--show-scope", "--null", "--get-regexp", _REACHING],
        capture_output=True, encoding="utf-8", errors="surrogateescape", check=False,
    )  # fmt: skip
    fields = done.stdout.split("\0") if done.returncode == 0 else []
    pairs = [
        entry.partition("\n")
        for scope, entry in zip(fields[::2], fields[1::2], strict=False)
        if scope in ("local", "worktree")
    ]
    return [(key, value) for key, _, value in pairs]


def _config_env(settings: list[tuple[str, str]]) -> dict[str, str]:
    """``settings`` for every git command, as ``git -c`` gives them but out of the process list,
    after those the environment gives already (``GIT_CONFIG_COUNT``)."""
    given = int(os.environ.get("GIT_CONFIG_COUNT", "0") or 0)
    env = {"GIT_CONFIG_COUNT": str(given + len(settings))} if settings else {}
    for index, (key, value) in enumerate(settings, given):
        env[f"GIT_CONFIG_KEY_{index}"], env[f"GIT_CONFIG_VALUE_{index}"] = key, value
    return env


def _place_in_repository(site_dir: Path) -> str:
    """The site folder's path in its git repository (``site/``), ``""`` at its top or outside one."""
    done = subprocess.run(
        ["git", "-C", str(site_dir), "rev-parse", "--show-prefix"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def _refuse_the_sources(git: _Git, parent: str, place: str, where: str) -> None:
    """A branch whose last commit holds the site's digest.yaml and content/ (``branch: main``
    of the site's own repository) is no published site: a commit of the built site on top of
    it would take the sources out of the branch."""
    sources = (f"{place}digest.yaml", f"{place}content")
    if len(git("ls-tree", "--name-only", parent, "--", *sources).splitlines()) == len(sources):
        raise DeployError(
            f"{git.target}: {where} holds the site's sources ({sources[0]}, {sources[1]}/), not a built site; "
            "set branch: to a branch of its own (gh-pages); nothing was pushed"
        )


def _remote_url(remote: str, site_dir: Path, target: str, push: bool = False) -> str:
    """A remote name (``origin``) as the site's repository knows it (where it is pushed to, with
    ``push``: ``git remote set-url --push``); a URL or path as it is."""
    if any(mark in remote for mark in ("/", ":", "\\")) or remote.endswith(".git"):
        return str((site_dir / remote).resolve()) if _is_local_path(remote, site_dir) else remote
    done = subprocess.run(
        ["git", "-C", str(site_dir), "remote", "get-url", *(["--push"] if push else []), remote],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0 and not (top := _top_of_repository(site_dir)):
        raise DeployError(
            f"{target}: the site folder {site_dir.resolve()} is in no git repository, so remote: {remote} names "
            "nothing; set remote: to the repository's URL or path (git@github.com:USER/REPO.git)"
        )
    if done.returncode != 0:
        raise DeployError(
            f"{target}: no git remote named {remote!r} in the repository at {top}; set remote: to a URL, "
            "or run 'git remote add'"
        )
    url = done.stdout.strip()
    if "://" in url or _looks_like_scp(url) or Path(url).is_absolute():
        return url
    # A relative path, as git reads it: from the top of the site's repository (the push runs elsewhere).
    return str((Path(_top_of_repository(site_dir) or site_dir) / url).resolve())


def _top_of_repository(site_dir: Path) -> str:
    """The top folder of the git repository the site folder is in; "" outside one."""
    done = subprocess.run(
        ["git", "-C", str(site_dir), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip()


def _without_password(remote: str) -> str:
    """``https://user:TOKEN@host/repo.git`` as ``https://user@host/repo.git``: an address to show."""
    scheme, mark, rest = remote.partition("://")
    login, at, host = rest.partition("@")
    if not mark or not at or "/" in login:
        return remote
    return f"{scheme}://{login.partition(':')[0]}@{host}"


def _is_local_path(remote: str, site_dir: Path) -> bool:
    return "://" not in remote and not _looks_like_scp(remote) and (site_dir / remote).exists()


def _looks_like_scp(remote: str) -> bool:
    """``git@github.com:user/repo.git``: a host before a colon, no slash before it."""
    head, colon, _ = remote.partition(":")
    return bool(colon) and "/" not in head and len(head) > 1


def _report(name: str, changes: str, files: str, dry_run: bool) -> DeployReport:
    report = DeployReport(name, dry_run=dry_run)
    for line in changes.splitlines():
        status, _, path = line.partition("\t")
        (report.deleted if status == "D" else report.uploaded).append(path)
    report.unchanged = len(files.splitlines()) - len(report.uploaded)
    return report
