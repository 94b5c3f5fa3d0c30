"""kill -9 at random moments of builds of a 2,000-article site: the output is always entirely
the old tree or entirely the new one, no worker process outlives the build, and the next
build gives what a clean build gives."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO

ARTICLES = 2000
ROUNDS = 6  # each round: add, body edit, title edit, delete, template edit -> 30 kills
ENV = {**os.environ, "PYTHONPATH": str(REPO)}

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def digest(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "digest", *map(str, args)]


def build(site: Path, *extra: str) -> float:
    """A whole build in a new process; its wall time."""
    started = time.perf_counter()
    done = subprocess.run(digest("build", "-q", "-C", site, *extra), env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - started


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (the search index too) with a hash of its bytes."""
    found = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root, name)
            found[path.relative_to(folder).as_posix()] = hashlib.sha1(path.read_bytes()).hexdigest()
    return found


def mix(found: dict[str, str], old: dict[str, str], new: dict[str, str]) -> str:
    """How a tree differs from the old and the new one."""
    as_old = sum(found.get(path) == digest for path, digest in old.items() if new.get(path) != digest)
    as_new = sum(found.get(path) == digest for path, digest in new.items() if old.get(path) != digest)
    differing = len({*old, *new} - {path for path in old if old[path] == new.get(path)})
    return f"{as_old} of {differing} differing files are old and {as_new} new"


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


class Edits:
    """The edits a curator makes between builds, each different from the last."""

    def __init__(self, site: Path):
        self.site = site
        self.articles = sorted((site / "content/articles").glob("*.md"))
        self.added: list[Path] = []
        self.count = 0

    def apply(self, kind: str) -> None:
        self.count += 1
        getattr(self, kind)()

    def body(self) -> None:
        path = self.articles[7]
        path.write_text(path.read_text() + f"\nAn added paragraph, edit {self.count}.\n")

    def title(self) -> None:
        path = self.articles[11]
        lines = path.read_text().split("\n")
        lines[1] = f'title: "Edited title {self.count}"'
        path.write_text("\n".join(lines))

    def add(self) -> None:
        path = self.site / f"content/articles/2024-06-01-added-{self.count}.md"
        path.write_text(f'---\ntitle: "Added {self.count}"\ndate: 2024-06-01\ntopics: [Turkey]\n---\nNew.\n')
        self.added.append(path)

    def delete(self) -> None:
        self.added.pop(0).unlink()  # an article nothing picks or links to

    def template(self) -> None:
        from digest.theme import packaged_themes_dir

        path = self.site / "templates/article.html"
        path.parent.mkdir(exist_ok=True)
        original = (packaged_themes_dir() / "default/templates/article.html").read_text()
        path.write_text(original + f"\n<!-- edit {self.count} -->\n")


def kill_at(site: Path, delay: float) -> list[int]:
    """Start a build, kill it (SIGKILL) after ``delay`` seconds; its child processes then."""
    process = subprocess.Popen(digest("build", "-q", "-C", site), env=ENV, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    return kill(process)


def kill_when_output_changes(site: Path, timeout: float) -> list[int]:
    """Start a build and kill it the moment any file of its output changes (when a build
    that moves files in one by one would be half done), or after ``timeout`` seconds."""
    public = site / "public"
    paths = [str(public), *(str(public / path) for path in tree(public))]
    before = [stamp(path) for path in paths]
    process = subprocess.Popen(digest("build", "-q", "-C", site), env=ENV, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if any(stamp(path) != old for path, old in zip(paths, before, strict=True)):
            break
        time.sleep(0.001)
    return kill(process)


def stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.lstat(path)
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns)


def kill(process: subprocess.Popen[bytes]) -> list[int]:
    """Kill a build with SIGKILL; the processes it had started."""
    workers = children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return workers


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def clean_build(site: Path, copy: Path) -> dict[str, str]:
    """The output of a first build of the same inputs (a copy of the site)."""
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir()
    shutil.copy(site / "digest.yaml", copy)
    for folder in ("content", "templates"):
        if (site / folder).is_dir():
            shutil.copytree(site / folder, copy / folder)
    build(copy)
    output = tree(copy / "public")
    shutil.rmtree(copy)
    return output


def test_kill_at_random_moments_leaves_the_old_or_the_new_tree(tmp_path: Path) -> None:
    site = tmp_path / "site"
    generate = [sys.executable, str(REPO / "bench/generate.py"), "--articles", str(ARTICLES), str(site)]
    subprocess.run(generate, check=True, env=ENV)
    build(site)
    public = site / "public"
    edits = Edits(site)
    rng = random.Random(12)
    duration: dict[str, float] = {}
    outcomes = {"old": 0, "new": 0}
    saw_workers = 0
    trial = 0
    for round_ in range(ROUNDS):
        for kind in ("add", "body", "title", "delete", "template"):
            old = tree(public)
            edits.apply(kind)
            if round_ % 2:  # at a random moment (a template edit's: while pages are rendered)
                low, high = (0.25, 0.75) if kind == "template" else (0, 1)
                workers = kill_at(site, rng.uniform(low, high) * duration.get(kind, 1.5))
            else:  # at the worst moment for a build that replaces files one by one
                workers = kill_when_output_changes(site, 3 * duration.get(kind, 5))
            saw_workers += bool(workers)
            assert wait_until(lambda workers=workers: not any(map(running, workers)), 5), (
                f"{kind}: worker processes outlived the killed build: {[w for w in workers if running(w)]}"
            )
            after_kill = tree(public)
            duration[kind] = build(site)  # the build after the kill (its time: the next kill's range)
            new = tree(public)
            assert after_kill in (old, new), f"{kind}: after kill -9, {mix(after_kill, old, new)}"
            outcomes["old" if after_kill == old else "new"] += 1
            trial += 1
            if trial % 6 == 0:  # once for each kind of edit
                assert clean_build(site, tmp_path / "clean") == new, f"{kind}: the build after a kill is wrong"
    print(f"after {sum(outcomes.values())} kills: {outcomes}; worker processes seen in {saw_workers}")


def test_worker_processes_die_with_a_killed_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run([sys.executable, str(REPO / "bench/generate.py"), "--articles", "800", str(site)], check=True)
    process = subprocess.Popen(digest("build", "-q", "-C", site, "--jobs", "2"), env=ENV, stderr=subprocess.DEVNULL)
    assert wait_until(lambda: len(children(process.pid)) >= 2 or process.poll() is not None, 120)
    workers = kill(process)
    assert len(workers) >= 2, "the build ended before its worker processes could be seen"
    assert wait_until(lambda: not any(map(running, workers)), 5), [w for w in workers if running(w)]


def test_sigterm_while_workers_render_ends_the_build_at_once(tmp_path: Path) -> None:
    """``timeout`` in CI, Ctrl-C: the build ends at once, its workers with it; it went on
    until the workers had rendered every page left (seconds, on a big site)."""
    site = tmp_path / "site"
    subprocess.run([sys.executable, str(REPO / "bench/generate.py"), "--articles", "200", str(site)], check=True)
    build(site)
    before = tree(site / "public")
    for path in sorted((site / "content/articles").glob("*.md"))[:100]:
        path.write_text(path.read_text() + "\nEdited.\n")
    (site / "slow.py").write_text("import time\n\n\ndef on_page_rendered(html, page):\n    time.sleep(0.1)\n")
    with (site / "digest.yaml").open("a") as config:
        config.write("hooks: [slow.py]\n")
    process = subprocess.Popen(
        digest("build", "-C", site, "--jobs", "2"), env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert wait_until(lambda: len(children(process.pid)) >= 2 or process.poll() is not None, 120)
    workers = children(process.pid)
    time.sleep(1)
    assert process.poll() is None, "the build ended before it could be interrupted"
    process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    _, err = process.communicate(timeout=30)
    assert time.monotonic() - started < 2, err
    assert process.returncode == 128 + signal.SIGTERM, err
    assert b"Traceback" not in err and err.endswith(b"interrupted; the previous output was left as it was\n")
    assert wait_until(lambda: not any(map(running, workers)), 1), [w for w in workers if running(w)]
    assert tree(site / "public") == before


def test_an_interrupt_while_the_command_loads_ends_it_without_a_traceback() -> None:
    """Ctrl-C in the first tenth of a second, while digest's modules are imported: the
    interrupt arrives as the import of the command's module runs."""
    interrupted_import = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'digest.cli':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "from digest.__main__ import main\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", interrupted_import], capture_output=True, text=True, env=ENV)
    assert result.returncode == 130
    assert result.stderr == "interrupted\n"


def test_sigterm_ends_a_check_as_ctrl_c_does_leaving_no_scratch_folder(tmp_path: Path) -> None:
    """``timeout 600 digest check`` in CI, a cron job stopped: SIGTERM ends the command as
    Ctrl-C does (its scratch build removed, a message, exit 143); it killed the process at
    once and left the scratch build, the size of the site, behind."""
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "hooks").mkdir()
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\nhooks: [hooks/slow.py]\n')
    (site / "content/articles/2024-03-01-a.md").write_text("---\ntitle: A\ndate: 2024-03-01\ntopics: [X]\n---\nA.\n")
    (site / "hooks/slow.py").write_text("import time\n\n\ndef on_site(site):\n    time.sleep(60)\n    return site\n")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    checking = subprocess.Popen(
        digest("check", "-C", site), env={**ENV, "TMPDIR": str(scratch)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    cache = site / ".digest-cache"  # (where check builds aside, on the site's file system)
    assert wait_until(lambda: any(cache.glob("digest-check-*")) or checking.poll() is not None, 60)
    time.sleep(0.5)
    checking.send_signal(signal.SIGTERM)
    _, err = checking.communicate(timeout=30)
    assert checking.returncode == 128 + signal.SIGTERM, err
    assert err.decode().endswith("interrupted\n") and b"Traceback" not in err
    assert not list(cache.glob("digest-check-*")) and list(scratch.iterdir()) == []


def test_a_killed_build_leaves_nothing_git_would_add(tmp_path: Path) -> None:
    """A build killed in CI or by the OOM killer leaves its staging folder in the site folder
    until the next build: the .gitignore `digest init` writes keeps it out of `git add -A`."""
    git = shutil.which("git")
    assert git is not None, "git is needed for this test"
    site = tmp_path / "site"
    assert subprocess.run(digest("init", site), env=ENV, capture_output=True).returncode == 0
    subprocess.run([git, "init", "-q", str(site)], check=True)
    (site / "hooks").mkdir()
    (site / "hooks/slow.py").write_text("import time\n\n\ndef on_output(tree, written, removed):\n    time.sleep(60)\n")
    with (site / "digest.yaml").open("a") as config:
        config.write("hooks: [hooks/slow.py]\n")
    building = subprocess.Popen(digest("build", "-C", site), env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert wait_until(lambda: any(site.glob(".digest-staging-*")) or building.poll() is not None, 60)
    time.sleep(1)
    kill(building)
    assert any(site.glob(".digest-staging-*"))
    listed = subprocess.run([git, "-C", str(site), "status", "--porcelain"], capture_output=True, text=True)
    untracked = {line[3:].split("/")[0] for line in listed.stdout.splitlines()}
    assert untracked == {".gitignore", "content", "digest.yaml", "hooks"}


def test_a_build_short_of_file_descriptors_ends_rather_than_waiting_for_its_workers(tmp_path: Path) -> None:
    """Under a low limit of open files (``ulimit -n``), a build that started one worker and
    had no descriptor left for the next said 'build failed: Too many open files' and then
    never ended: it waited at its exit for the worker, which waited for work. Every such build
    ends, with the build or with that error."""
    import resource

    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: Few files\nbase_url: "https://example.org/"\n')
    for number in range(300):  # enough to be read by worker processes
        (site / f"content/articles/2024-01-01-story-{number}.md").write_text(
            f"---\ntitle: Story {number}\ndate: 2024-01-01\ntopics: [Turkey]\n---\nText {number}.\n"
        )
    for limit in range(10, 26):

        def few_files(limit: int = limit) -> None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

        command = digest("build", "-q", "--clean", "--jobs", "2", "-C", site)
        try:
            done = subprocess.run(command, env=ENV, capture_output=True, text=True, preexec_fn=few_files, timeout=20)
        except subprocess.TimeoutExpired:
            pytest.fail(f"a build with at most {limit} open files did not end")
        assert done.returncode in (0, 1), done.stderr
        assert "Traceback" not in done.stderr
        assert done.returncode == 0 or done.stderr.endswith(" was left as it was\n"), done.stderr


def test_work_shared_with_worker_processes_ends_when_a_worker_dies(tmp_path: Path) -> None:
    """A worker process killed as it works (the OOM killer, a crash): the pool ends the others
    with SIGTERM, which they took as Ctrl-C (digest's handler, inherited), going on to send
    results no one read any more, and the command waited for them for ever."""
    program = (
        "import os, signal, time\n"
        "from digest import cli\n"
        "from digest.parallel import map_shared\n"
        "signal.signal(signal.SIGTERM, cli._terminated)\n"
        "def work(shared, part):\n"
        "    if part == 0:\n"
        "        time.sleep(0.3)\n"
        "        os._exit(1)\n"
        "    return b'x' * 20_000_000\n"
        "try:\n"
        "    map_shared(work, None, list(range(40)), 2)\n"
        "except Exception as error:\n"
        "    print(type(error).__name__)\n"
    )
    try:
        done = subprocess.run([sys.executable, "-c", program], env=ENV, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the work never ended")
    assert done.stdout == "WorkerDied\n", done.stderr


def test_a_worker_process_that_dies_fails_the_build_with_a_message_and_the_output_as_it_was(tmp_path: Path) -> None:
    """A worker killed as it renders pages (here a filter that ends its process): the build
    fails with a message naming what happened and what to do, not a traceback of the pool."""
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "hooks").mkdir()
    (site / "templates").mkdir()
    (site / "digest.yaml").write_text(
        'title: T\nbase_url: "https://example.org/"\nhooks: [hooks/crash.py]\nsearch: false\n'
    )
    for number in range(320):
        text = f"---\ntitle: A{number}\ndate: 2024-03-01\ntopics: [X]\n---\nA.\n"
        (site / f"content/articles/2024-03-01-a{number}.md").write_text(text)
    (site / "hooks/crash.py").write_text("def filters():\n    return {'crash': lambda text: text}\n")
    assert subprocess.run(digest("build", "-C", site), env=ENV, capture_output=True).returncode == 0
    public = {path: path.read_bytes() for path in (site / "public").rglob("*") if path.is_file()}
    (site / "hooks/crash.py").write_text(
        "import os\n\nPARENT = os.getpid()\n\n\ndef filters():\n"
        "    return {'crash': lambda text: os._exit(9) if os.getpid() != PARENT else text}\n"
    )
    (site / "templates/article.html").write_text(
        '{% extends "default/article.html" %}{% block title %}{{ article.title|crash }}{% endblock %}'
    )
    done = subprocess.run(
        digest("build", "-C", site, "--jobs", "2"), env=ENV, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, done.stderr
    assert "a worker process ended before its work was done" in done.stderr and "Traceback" not in done.stderr
    assert {path: path.read_bytes() for path in (site / "public").rglob("*") if path.is_file()} == public
