"""The ``digest`` command: the only place that reads argv, prints errors and picks exit codes.

Exit codes: 0 success, 1 content or template errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import json
import os
import re
import select
import shlex
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from digest import __version__
from digest.build import Builder, BuildOptions, BuildResult
from digest.errors import BuildFailed, DigestError, nearest, system_error
from digest.process import held_interrupts
from digest.progress import is_terminal, progress

if TYPE_CHECKING:
    from digest.frontmatter import Document
    from digest.listing import Issue, Listed
    from digest.scaffold import PickStub

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command line asks for something that cannot be done as asked."""


# Set once ``digest serve`` has stopped: the process ends at once, without waiting for a
# build that may still be running on the preview's thread.
_SERVE_STOPPED: list[bool] = []


def run() -> None:
    """The ``digest`` command (``main`` with the process's arguments and streams)."""
    command = _command_word(sys.argv[1:])
    if command == "build":
        # The process ends with the build: what the build made is freed by the process ending,
        # not walked once more by the cycle collector as the build turns it back on (a pass
        # over every record: 0.07 s of an edit at 10,000 articles, 0.9 s at 100,000).
        gc.disable()
    _open_closed_streams()
    if command != "serve":  # (the preview stops on SIGTERM in its own way)
        signal.signal(signal.SIGTERM, _terminated)
    code = main()
    if _SERVE_STOPPED:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)
    raise SystemExit(code)


def _command_word(args: Sequence[str]) -> str | None:
    """The command of a command line, after the options before it (``digest -C DIR build``)."""
    words = iter(args)
    for word in words:
        if word in ("-C", "--site"):
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


_SIGNALLED: list[int] = []  # the signal that interrupted the command, when it was not Ctrl-C


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (``timeout``, CI, a stopped cron job) ends the command as Ctrl-C does: what it
    made aside is removed, the output left whole, and it says so (exit 143)."""
    _SIGNALLED.append(signum)
    raise KeyboardInterrupt


def _open_closed_streams() -> None:
    """A standard stream the caller closed (``digest list >&-``, ``digest build 2>&-``: a cron
    job's or a daemon's) becomes /dev/null: what would go to it goes nowhere. Python leaves it
    ``None``, where writes fail (or ``print`` sends errors to stdout), and its descriptor free
    for the next file opened, where a child's output (git's, rsync's) would land."""
    for descriptor, name in enumerate(("stdin", "stdout", "stderr")):
        try:
            os.fstat(descriptor)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != descriptor:
                os.dup2(opened, descriptor)
                os.close(opened)
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "r" if descriptor == 0 else "w", encoding="utf-8"))  # noqa: SIM115


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    given = tuple(argv if argv is not None else sys.argv[1:])
    parser = make_parser(_command_word(given))
    parser.argv = given
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args, unknown = parser.parse_known_args(argv)
            if unknown:  # said by the command's own parser: its usage, its options as hints
                _command_parser(parser, getattr(args, "command", None)).error(
                    f"unrecognized arguments: {' '.join(unknown)}"
                )
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not getattr(args, "command", None):
        parser.print_help(out)
        return EXIT_USAGE
    if (write := sys.modules.get("digest.write")) is not None:
        write.SWITCHED.clear()  # what this command switches (an earlier one ran in this process)
    try:
        return int(args.handler(args, out, err))
    except UsageError as error:
        print(f"digest {args.command}: error: {error}", file=err)
        return EXIT_USAGE
    except BuildFailed as failure:
        _print_warnings(failure.warnings, err)
        _print_errors(failure.errors, err)
        return EXIT_ERRORS
    except DigestError as error:
        print(f"error: {error}", file=err)
        return EXIT_ERRORS
    except BrokenPipeError as error:
        # ``digest list | head``: the reader has what it wanted. A command that changes files
        # (import, new, build, deploy) stopped half-way, and says so.
        if args.command in _READ_ONLY and _reader_gone(out):
            return 0
        print(f"error: {error}", file=err)
        return EXIT_ERRORS
    except OSError as error:  # a folder that cannot be written, a disk that is full, …
        print(f"error: {system_error(error)}", file=err)
        return EXIT_ERRORS
    except UnicodeEncodeError as error:
        if not _legacy_encoding(error.encoding):
            raise
        # An output in a legacy encoding (an ISO-8859 locale, PYTHONIOENCODING=ascii).
        shown = error.object[error.start : error.end]
        print(
            f"error: the output's encoding ({error.encoding}) cannot carry {shown!r}: run digest in a UTF-8 "
            "locale (LC_ALL=C.UTF-8) or with PYTHONIOENCODING=utf-8",
            file=err,
        )
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print(_interrupted(args), file=err)
        return 128 + (_SIGNALLED[-1] if _SIGNALLED else signal.SIGINT)


def _legacy_encoding(name: str) -> bool:
    """Whether ``name`` is an encoding other than UTF-8 (one that cannot carry every character)."""
    import codecs

    try:
        return codecs.lookup(name).name not in ("utf-8", "utf-16", "utf-32")
    except LookupError:
        return True


def _interrupted(args: argparse.Namespace) -> str:
    """What an interrupted command left behind."""
    from digest.write import SWITCHED

    if args.command == "import" and args.dry_run:
        return "interrupted; nothing was written (a dry run)"
    if args.command == "import":
        return (
            "interrupted; the articles listed above were imported: import the same sources again for the rest "
            "(those already imported are skipped)"
        )
    if args.command in ("check", "list"):  # (check builds into a scratch folder of its own)
        return "interrupted"
    if args.command == "deploy" and getattr(args, "publishing", None) and not args.dry_run:
        return (
            f"interrupted while publishing to {args.publishing} (the output is whole): {args.publishing} may hold "
            "part of the new site; run digest deploy again"
        )
    if SWITCHED and args.command == "deploy":
        return "interrupted once the new output was in place (it is whole), before it was published: run digest deploy again"
    if SWITCHED:
        return "interrupted once the new output was in place (it is whole)"
    return "interrupted; the previous output was left as it was"


# Commands whose output a reader may stop reading early with nothing left half-done: they
# change no file, or (email) print only once their files are written.
_READ_ONLY = frozenset({"list", "check", "email"})


def _reader_gone(out: TextIO) -> bool:
    """Whether ``out`` is a pipe whose reader has closed it (the write end then polls as an
    error); if so, what is left unwritten goes nowhere rather than failing again at exit."""
    try:
        descriptor = out.fileno()
        poller = select.poll()  # (not on Windows: there the broken pipe is reported)
    except (OSError, ValueError, AttributeError):
        return False
    poller.register(descriptor, select.POLLOUT)
    if not any(events & select.POLLERR for _fd, events in poller.poll(0)):
        return False
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), descriptor)
    return True


# The commands, in the order ``digest --help`` lists them, each with its line there.
COMMANDS = {
    "init": "create a new site",
    "new": "create a new article, digest issue or page (a draft), or a topic's description",
    "build": "build the site into public/",
    "serve": "preview the site with live reload",
    "import": "import scraped text, HTML pages, URLs and feeds as articles",
    "check": "find broken links, missing files, duplicate stories and repeated picks",
    "email": "the newsletter edition of a digest issue",
    "list": "list articles by date, with topics, source and the issues that pick them",
    "deploy": "build the site and publish it to a target in digest.yaml",
}


def make_parser(only: str | None = None) -> _Parser:
    """The command line's parser; with ``only`` (a command's name), only that command's options
    are made (each command's are in the list; a command's options may import what they check)."""
    parser = _Parser(
        prog="digest",
        description="digest: a static site generator for curated news digests.",
        epilog="Run 'digest COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"digest {__version__}")
    # Also before the command, as git and make take it (``digest -C mysite build``).
    parser.add_argument("-C", "--site", type=Path, dest="site_first", metavar="DIR", help="the site folder")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    site_option = _Parser(add_help=False)
    site_option.add_argument(
        "-C", "--site", type=Path, default=None, metavar="DIR", help="the site folder (default: current folder)"
    )
    adders = {
        "init": lambda: _add_init(commands),
        "new": lambda: _add_new(commands, site_option),
        "build": lambda: _add_build(commands, site_option),
        "serve": lambda: _add_serve(commands, site_option),
        "import": lambda: _add_import(commands, site_option),
        "check": lambda: _add_check(commands, site_option),
        "email": lambda: _add_email(commands, site_option),
        "list": lambda: _add_list(commands, site_option),
        "deploy": lambda: _add_deploy(commands, site_option),
    }
    for name, add in adders.items():
        if only in (None, name) or only not in adders:
            add()
        else:  # (named in the list of commands, its options not needed by this command line)
            commands.add_parser(name, help=COMMANDS[name])
    return parser


def _add_init(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser(
        "init",
        help=COMMANDS["init"],
        description="Create a new site ready to build, with a sample article, issue, page and topic.",
    )
    init.add_argument("directory", type=Path, help="the folder for the new site (created if missing)")
    init.add_argument("--title", type=_one_line, help="the site's title (default: from the folder's name)")
    init.add_argument("--language", type=_language, default="en", help="the site's language, e.g. tr (default: en)")
    init.add_argument(
        "--base-url", type=_absolute_url, metavar="URL", help="the address it will be published at (default: localhost)"
    )
    init.add_argument("--timezone", type=_timezone, default="UTC", help="e.g. Europe/Istanbul (default: UTC)")
    init.set_defaults(handler=_run_init)


def _language(text: str) -> str:
    """A language Babel knows, written as pages write it (``tr_TR`` is ``tr-TR``)."""
    from digest.config import language_tag, unknown_language

    if unknown_language(text) is not None:  # the check of language in digest.yaml
        raise argparse.ArgumentTypeError(f"{text!r} is not a language Babel's locale data knows (e.g. en, tr, de-AT)")
    return language_tag(text)


def _timezone(text: str) -> str:
    from digest.config import is_timezone

    if (problem := is_timezone(text)) is not None:
        raise argparse.ArgumentTypeError(problem)
    return text


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true", help="include drafts")
    parser.add_argument("--future", action="store_true", help="include content dated in the future")


def _add_build(commands: argparse._SubParsersAction, site_option: argparse.ArgumentParser) -> None:
    build = commands.add_parser(
        "build",
        parents=[site_option],
        help=COMMANDS["build"],
        description="Build the site. The previous output is replaced only when the whole build succeeds.",
    )
    _add_build_options(build)
    build.add_argument(
        "--base-url", type=_absolute_url, metavar="URL", help="the URL the site is published at (overrides digest.yaml)"
    )
    build.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="DIR",
        help="the output folder (default: the site's public/; a relative DIR is from the current folder)",
    )
    build.add_argument("--clean", action="store_true", help="ignore the build cache and render every page")
    build.add_argument(
        "--force",
        action="store_true",
        help="build into a non-empty folder digest did not make (files digest does not write are kept)",
    )
    build.add_argument(
        "--jobs", "-j", type=_positive_int, metavar="N", help="worker processes (default: the number of cores)"
    )
    build.add_argument(
        "--quiet", "-q", action="store_true", help="print only errors and warnings (no summary, no progress)"
    )
    build.set_defaults(handler=_run_build)


def _add_serve(commands: argparse._SubParsersAction, site_option: argparse.ArgumentParser) -> None:
    serve = commands.add_parser(
        "serve",
        parents=[site_option],
        help=COMMANDS["serve"],
        description="Build, serve at http://127.0.0.1:8000 and rebuild on every change.",
    )
    _add_build_options(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument(
        "--port", type=_port, help="port, or an error if it is busy (default: 8000, or the next free port after it)"
    )
    serve.add_argument("--no-reload", action="store_true", help="do not reload the browser on changes")
    serve.add_argument("--open", action="store_true", help="open the site in your web browser once it is served")
    serve.set_defaults(handler=_run_serve)


def _add_import(commands: argparse._SubParsersAction, site_option: argparse.ArgumentParser) -> None:
    try:
        from digest.importer import add_import_arguments
    except ImportError:  # pragma: no cover - the importer is part of every release
        return
    parser = commands.add_parser(
        "import",
        parents=[site_option],
        help=COMMANDS["import"],
        description="Turn raw articles into content/articles/<date>-<slug>.md with front matter.",
    )
    add_import_arguments(parser)
    parser.set_defaults(handler=_run_import)


class _Parser(argparse.ArgumentParser):
    """argparse with a "did you mean" for a mistyped command, choice or option."""

    argv: tuple[str, ...] = ()  # the whole command line, to suggest the options of the command given

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}{_suggestion(self, message)}\n")


# What other site generators (and the README's words) call a command or a kind of content,
# which spelling alone would lead elsewhere ('publish' is nearest to 'list').
_OTHER_NAMES = {
    "publish": "deploy",
    "upload": "deploy",
    "validate": "check",
    "lint": "check",
    "server": "serve",
    "preview": "serve",
    "watch": "serve",
    "issue": "digest",
    "post": "article",
    "posts": "article",
}


def _suggestion(parser: argparse.ArgumentParser, message: str) -> str:
    import re

    if choice := re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message):
        options = [option.strip().strip("'") for option in choice.group(2).split(",")]  # quoted or not
        given = choice.group(1)
        meant = _OTHER_NAMES.get(given.casefold())
        close = meant if meant in options else _nearest_in_any_case(given, options, cutoff=0.5)
        return f"; did you mean '{close}'?" if close else ""
    if unknown := re.search(r"unrecognized arguments: (.*)", message):
        known = _option_strings(parser)
        hints = []
        for word in unknown.group(1).split():
            if word.startswith("-"):
                close = _nearest_in_any_case(word.split("=")[0], known)
            else:  # a site's folder, as 'digest init mysite' takes it: 'digest build mysite'
                close = f"-C {shlex.quote(word)}" if "--site" in known and _holds_a_site(word) else None
            hints += [f"'{close}'"] if close else []
        return f"; did you mean {' and '.join(hints)}?" if hints else ""
    return ""


def _holds_a_site(folder: str) -> bool:
    try:
        return (Path(folder) / "digest.yaml").is_file()
    except (OSError, ValueError):  # (a name no path can have)
        return False


def _nearest_in_any_case(word: str, candidates: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The candidate closest to ``word`` whatever the case of either (``JSON`` is ``json``)."""
    by_fold = {candidate.casefold(): candidate for candidate in candidates}
    close = nearest(word.casefold(), by_fold, cutoff=cutoff)
    return by_fold[close] if close else None


def _command_parser(parser: argparse.ArgumentParser, command: str | None) -> argparse.ArgumentParser:
    """The parser of ``command`` (the top parser when there is none)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            chosen: argparse.ArgumentParser = action.choices[command]
            chosen.argv = getattr(parser, "argv", None)  # type: ignore[attr-defined]
            return chosen
    return parser


def _option_strings(parser: argparse.ArgumentParser) -> list[str]:
    """Every option of the parser and of the command given (or of every command)."""
    found: list[str] = []
    for action in parser._actions:
        found += [option for option in action.option_strings if option.startswith("--")]
        if isinstance(action, argparse._SubParsersAction):
            given = getattr(parser, "argv", None) or sys.argv[1:]
            wanted = [name for name in action.choices if name in given] or list(action.choices)
            for name in wanted:
                found += _option_strings(action.choices[name])
    return found


def _absolute_url(text: str) -> str:
    from digest.config import is_site_address

    if (problem := is_site_address(text)) is not None:  # the check of base_url in digest.yaml
        raise argparse.ArgumentTypeError(problem)
    return text


def _whole_number(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None


def _port(text: str) -> int:
    value = _whole_number(text, "a port number")
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535 (0: any free port), got {value}")
    return value


def _positive_int(text: str) -> int:
    value = _whole_number(text, "a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _add_check(commands: argparse._SubParsersAction, site_option: argparse.ArgumentParser) -> None:
    from digest.check import add_check_arguments

    check = commands.add_parser(
        "check",
        parents=[site_option],
        help=COMMANDS["check"],
        description=(
            "Build the site into a scratch folder and check it: everything the build validates, every internal "
            "link, #anchor, image and static file, the same story twice, an article picked again. "
            "Exit 1 on errors, and on warnings too with --strict."
        ),
    )
    _add_build_options(check)
    check.add_argument(
        "--base-url",
        type=_absolute_url,
        metavar="URL",
        help="the URL the site is published at, as given to digest build (overrides digest.yaml)",
    )
    add_check_arguments(check)
    check.set_defaults(handler=_run_check)


def _run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from digest.check import run_check

    with progress("checking", err):
        report = run_check(args, _site_dir(args), out, err)
    return EXIT_ERRORS if report.errors or (args.strict and report.warnings) else EXIT_OK


def _site_dir(args: argparse.Namespace, must_exist: bool = True) -> Path:
    site: Path = args.site or args.site_first or Path(".")
    if must_exist and not (site / "digest.yaml").is_file() and not (site / "content").is_dir():
        raise UsageError(_not_a_site(site))
    return site


def _not_a_site(site: Path) -> str:
    """Why ``site`` is no site's folder: it is missing, a file (digest.yaml itself, say), a
    folder inside a site or one with no digest.yaml."""
    where = Path(os.path.abspath(site))
    if site.is_file():
        hint = f" (-C {shlex.quote(str(site.parent))})" if site.name == "digest.yaml" else ""
        return f"{where} is a file, not a site's folder: name the folder that holds digest.yaml{hint}"
    if not site.exists():
        return f"{where} does not exist: name a site's folder, or make one with 'digest init DIR'"
    inside = next((folder for folder in where.parents if (folder / "digest.yaml").is_file()), None)
    if inside is not None:  # (content/articles/, say, where a file was just edited)
        there = shlex.quote(os.path.relpath(inside))
        return f"{where} is not a digest site (no digest.yaml): it is inside the site {inside}; use -C {there}"
    return f"{where} is not a digest site (no digest.yaml); run 'digest init DIR' first"


def _run_init(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from digest.scaffold import ScaffoldError, SiteSettings, init_site

    if args.site_first is not None:
        raise UsageError(
            f"init takes the new site's folder itself, not -C: digest init {shlex.quote(str(args.site_first / args.directory))}"
        )
    there = next((folder for folder in (args.directory, *args.directory.parents) if folder.exists()), None)
    if there is not None and not there.is_dir():  # (where mkdir would say only "File exists")
        raise UsageError(f"{there} is a file, not a folder: name a folder for the new site (a missing one is made)")
    settings = SiteSettings(args.title, args.language, args.base_url or SiteSettings.base_url, args.timezone)
    try:
        created = init_site(args.directory, settings=settings)
    except ScaffoldError as error:
        if not (args.directory / "digest.yaml").exists():  # a file of the sample site is there already
            raise UsageError(str(error)) from None
        print(str(error), file=err)  # already a site: nothing to do
        return EXIT_OK
    for path in created:
        print(f"created {path}", file=out)
    try:
        here = args.directory.resolve() == Path.cwd().resolve()
    except OSError:  # the current folder was deleted since
        here = False
    print(
        "\nNext: digest serve" if here else f"\nNext: cd {shlex.quote(str(args.directory))} && digest serve", file=out
    )
    return EXIT_OK


def _build_options(args: argparse.Namespace, output: Path | None = None) -> BuildOptions:
    return BuildOptions(
        drafts=args.drafts,
        future=args.future,
        base_url=getattr(args, "base_url", None),
        output=output,
        clean=getattr(args, "clean", False),
        jobs=getattr(args, "jobs", None),
        force=getattr(args, "force", False),
    )


def _run_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    site = _site_dir(args)
    builder = Builder(site, replace(_build_options(args, args.output), warn_default_base_url=True))
    builder.waiting = functools.partial(print, file=err, flush=True)
    try:
        with contextlib.nullcontext() if args.quiet else progress("building", err):
            result = builder.build()
    except BuildFailed as failure:
        _print_warnings(failure.warnings, err)
        _print_errors(failure.errors, err)
        print(f"build failed: {len(failure.errors)} error(s); {_output_after(failure, builder)}", file=err)
        return EXIT_ERRORS
    except OSError as error:  # the output's side: a full disk, a folder made read-only meanwhile
        from digest.write import SWITCHED

        tree = os.path.realpath(builder.output_dir)
        done = "has the new site (it is whole)" if tree in SWITCHED else "was left as it was"
        print(f"build failed: {system_error(error)}; {os.path.normpath(builder.output_dir)} {done}", file=err)
        return EXIT_ERRORS
    _print_warnings(result.warnings, err)
    if not args.quiet:
        print(_summary(result, site), file=out)
    return EXIT_OK


def _output_after(failure: BuildFailed, builder: Builder) -> str:
    """What a failed build left of the output, as its last line says: ``/site/public was left as it was``."""
    done = "was written before the failure" if failure.written else "was left as it was"
    return f"{os.path.normpath(builder.output_dir)} {done}"  # (``-o ../site``: said without the ..)


def _summary(result: BuildResult, site: Path) -> str:
    try:
        where = os.path.relpath(result.output_dir, Path.cwd())
    except (ValueError, OSError):  # another drive; a current folder deleted since
        where = str(result.output_dir)
    if where == os.pardir or where.startswith(os.pardir + os.sep):  # outside the current folder: by its whole path
        where = os.path.normpath(result.output_dir)
    summary = (
        f"built {result.pages} pages in {result.seconds:.2f} s into {where}/ "
        f"({len(result.written)} written, {result.unchanged} unchanged, {len(result.removed)} removed)"
    )
    note = result.held_back_note()
    return f"{summary}\n{note}" if note else summary


def _run_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from digest.serve import serve

    site = _site_dir(args)
    code = serve(
        site,
        _build_options(args),
        host=args.host,
        port=8000 if args.port is None else args.port,
        live_reload=not args.no_reload,
        out=out,
        err=err,
        open_browser=args.open,
        exact_port=args.port is not None,
    )
    _SERVE_STOPPED.append(True)
    return code


def _run_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from digest.importer import run_import

    site = _site_dir(args)
    with progress("importing", err):
        summary = run_import(args, site, out, err)
    return EXIT_ERRORS if summary.failed else EXIT_OK


def _print_errors(errors: Sequence[DigestError], err: TextIO) -> None:
    for error in errors:
        print(str(error), file=err)


def _print_warnings(warnings: Sequence[DigestError], err: TextIO) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=err)


# -- the curator's week: new, list, email --------------------------------------------------


def _add_new(commands: argparse._SubParsersAction, site_option: argparse.ArgumentParser) -> None:
    new = commands.add_parser(
        "new",
        parents=[site_option],
        help=COMMANDS["new"],
        description=(
            "Create a content file with complete front matter, as a draft (draft: true) until you clear the "
            "flag: an article, a digest issue or a page; or a topic's file, for its name and description. "
            "With --since, a new issue is pre-filled with the articles dated since then that no issue "
            "picks yet, each with an empty note (with --topic or --source, only those of the topics or "
            "that source). Never overwrites a file."
        ),
    )
    kinds = ["article", "digest", "page", "topic"]
    new.add_argument("kind", choices=kinds, metavar="{" + ",".join(kinds) + "}", help="what to create")
    new.add_argument("title", type=_one_line, help="the title (a topic: its name)")
    new.add_argument(
        "--topic",
        action="append",
        default=[],
        type=_topic_name,
        help="article: a topic of it (required; repeatable); digest: pre-fill only articles of it (repeatable)",
    )
    new.add_argument(
        "--source", metavar="NAME", help="digest: pre-fill only articles from a source whose name contains NAME"
    )
    new.add_argument(
        "--date", type=_date, metavar="DATE", help="the date (YYYY-MM-DD; default: today in the site's timezone)"
    )
    new.add_argument(
        "--draft",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="make it a draft, not published until the flag is cleared (default: yes)",
    )
    new.add_argument(
        "--since",
        type=_since,
        metavar="DATE",
        help="digest: pick the unpicked articles since DATE (or 7d, 2w, today, yesterday)",
    )
    new.add_argument(
        "--group-by",
        choices=["date", "topic"],
        default="date",
        help="digest with --since: order picks newest first (date) or grouped by first topic",
    )
    new.set_defaults(handler=_run_new)


def _run_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from digest.scaffold import ScaffoldError, new_article, new_digest, new_page, new_topic

    site = _site_dir(args)
    dated = args.kind in ("article", "digest") and not args.date
    today = _site_today(site, err) if dated or isinstance(args.since, int) else None
    args.since = today - timedelta(days=args.since) if today and isinstance(args.since, int) else args.since
    if args.kind in ("page", "topic"):
        if args.topic or args.source or args.since or args.date or args.group_by != "date":
            raise UsageError(f"--topic, --source, --date, --since and --group-by are not for a new {args.kind}")
        try:
            path = new_page(site, args.title, args.draft) if args.kind == "page" else new_topic(site, args.title)
        except ScaffoldError as error:
            raise UsageError(str(error)) from None
        drafted = args.kind == "page" and args.draft
        print(f"created {path}" + (" (a draft: set draft: false to publish)" if drafted else ""), file=out)
        return EXIT_OK
    if args.kind == "article" and (args.since or args.source or args.group_by != "date"):
        raise UsageError("--since, --source and --group-by are for a new digest issue, not an article")
    if args.kind == "digest" and (args.topic or args.source or args.group_by != "date") and not args.since:
        raise UsageError(
            "--topic, --source and --group-by choose among the picks that --since pre-fills; add --since DATE"
        )
    when = args.date or today
    assert when is not None
    try:
        if args.kind == "article":
            path = new_article(site, args.title, args.topic, when, args.draft)
            picks = 0
        else:
            stubs, picked, later, drafts = _pick_stubs(site, args, when, err) if args.since else ([], 0, 0, 0)
            path = new_digest(site, args.title, when, args.draft, stubs)
            picks = len(stubs)
    except ScaffoldError as error:
        raise UsageError(str(error)) from None
    print(f"created {path}" + (" (a draft: set draft: false to publish)" if args.draft else ""), file=out)
    if args.kind == "digest" and args.since:
        since = args.since.isoformat()
        left = (
            f"; {picked} picked in earlier issues left out (digest list --since {since} shows them)" if picked else ""
        )
        if later:
            left += f"; {later} dated after the issue left out (a pick the site does not show yet fails the build)"
        if drafts:
            left += f"; {drafts} draft(s) left out (set draft: false to pick them)"
        found = (
            f"{picks} pick(s), each with an empty note: the articles since {since} no issue has picked"
            if picks
            else f"no picks: nothing since {since} to pick"
        )
        print(f"{found}{left}", file=out)
    return EXIT_OK


def _site_today(site: Path, err: TextIO | None = None) -> date:
    """Today in the site's time zone (its ``timezone`` alone when another setting is wrong, which
    the build will say; UTC while even that cannot be read, and ``err`` is told now)."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from digest.config import load_config, load_timezone

    try:
        config, _ = load_config(site)
    except BuildFailed as failure:
        if (zone := load_timezone(site)) is not None:
            return datetime.now(ZoneInfo(zone)).date()
        if err is not None and failure.errors:
            why = next((error for error in failure.errors if error.message.startswith("timezone:")), failure.errors[0])
            print(f"warning: {why}; today is taken in UTC, not the site's time zone", file=err)
        return datetime.now(UTC).date()
    return config.today(datetime.now(UTC))


def _pick_stubs(site: Path, args: argparse.Namespace, when: date, err: TextIO) -> tuple[list[PickStub], int, int, int]:
    """The unpicked articles since ``--since`` (of any ``--topic``, from ``--source``) as
    picks, how many such articles earlier issues picked, how many are left out for being
    dated after the issue: after its day for an issue dated before today, after now for one
    dated today (a pick of an article the site does not show yet fails the build), and how
    many for being drafts (which ``digest list`` shows among them)."""
    from datetime import UTC, datetime

    from digest.config import load_config
    from digest.content import parse_date
    from digest.listing import load_listing, select, sort_articles
    from digest.scaffold import PickStub, ScaffoldError

    config = load_config(site)[0]
    listing = load_listing(site, config)
    _print_warnings(listing.problems, err)
    issue_at = parse_date(when, config.tzinfo)
    assert issue_at is not None  # (a date always reads)
    now = datetime.now(UTC)
    today = config.today(now)
    # The issue's week ends with its day; one dated today can show only what is out by now,
    # and one scheduled later what is out by the time it appears.
    due = issue_at + timedelta(days=1, microseconds=-1) if when < today else now if when == today else issue_at
    selected = select(listing.articles, since=args.since, topics=args.topic, source=args.source)
    _note_unknown_topics(args.topic, listing.articles, err)
    found = [article for article in selected if not article.draft]
    drafts = len(selected) - len(found)
    shown = [article for article in found if not article.scheduled(due)]
    chosen = [article for article in shown if not article.picked_in]
    picked, later = len(shown) - len(chosen), len(found) - len(shown)
    if len(chosen) > (most := config.limits.picks_per_issue):  # an issue the build would refuse
        raise ScaffoldError(
            f"{len(chosen):,} articles since {args.since.isoformat()} that no issue has picked, and an issue may "
            f"pick {most:,} (limits.picks_per_issue in digest.yaml): choose a later --since, or narrow it with "
            "--topic or --source; nothing was written"
        )
    if args.group_by == "topic":
        chosen = sort_articles(chosen, "topic", config.language)
        stubs = [
            PickStub(article.slug, article.title, article.topics[0] if article.topics else "-") for article in chosen
        ]
        return stubs, picked, later, drafts
    return [PickStub(article.slug, article.title) for article in chosen], picked, later, drafts


def _date(text: str) -> date:
    """A date, or the day of an ISO 8601 date-time (nothing else after it)."""
    found = _iso_day(text.strip())
    if found is None:
        raise argparse.ArgumentTypeError(f"expected a date such as 2019-06-21, got {text!r}")
    return found


def _one_line(text: str) -> str:
    """A title or name as a file is given it: one line (a headline pasted over two, a tab),
    without control characters, a direction control it opens closed (as an import writes it)."""
    from digest.frontmatter import FORBIDDEN_CHARACTERS
    from digest.model import with_directions_closed

    return with_directions_closed(" ".join(FORBIDDEN_CHARACTERS.sub(" ", text).split()))


def _topic_name(text: str) -> str:
    """``--topic``: a name the site can make a topic's page of."""
    from digest.model import topic_slug, unfit_topic

    name = _one_line(text)
    if not (slug := topic_slug(name)):
        raise argparse.ArgumentTypeError(f"expected a topic's name such as Turkey, got {text!r}")
    if (unfit := unfit_topic(repr(name), slug)) is not None:
        raise argparse.ArgumentTypeError(unfit)
    return name


def _iso_day(text: str) -> date | None:
    """The day of a date or date-time, read as a content file's ``date`` is (``content.parse_date``)."""
    from datetime import UTC

    from digest.content import parse_date

    when = parse_date(text, UTC)
    return when.date() if when is not None else None


_DAYS_AGO = re.compile(r"(\d{1,5})\s*([dw])", re.IGNORECASE)


def _since(text: str) -> date | int:
    """``--since``: a date, or how many days back from today (``7d``, ``2w``, ``today``,
    ``yesterday``), which ``_since_date`` turns into a date in the site's time zone."""
    given = text.strip()
    words = {"today": 0, "yesterday": 1}
    if given.lower() in words:
        return words[given.lower()]
    if found := _DAYS_AGO.fullmatch(given):
        return int(found[1]) * (7 if found[2].lower() == "w" else 1)
    day = _iso_day(given)
    if day is None:
        message = f"expected a date such as 2019-06-21, or 7d, 2w, today, yesterday; got {text!r}"
        raise argparse.ArgumentTypeError(message)
    return day


def _since_date(site: Path, since: date | int | None) -> date | None:
    if isinstance(since, int):
        return _site_today(site) - timedelta(days=since)
    return since


def _add_list(commands: argparse._SubParsersAction, site_option: argparse.ArgumentParser) -> None:
    listing = commands.add_parser(
        "list",
        parents=[site_option],
        help=COMMANDS["list"],
        description="List the site's articles, newest first: date, topics, source, the issues that pick it, slug, title.",
    )
    listing.add_argument("--unpicked", action="store_true", help="only articles no digest issue picks yet")
    listing.add_argument(
        "--since",
        type=_since,
        metavar="DATE",
        help="only articles dated on or after DATE (or 7d, 2w, today, yesterday)",
    )
    listing.add_argument(
        "--topic", metavar="NAME", action="append", default=[], help="only articles of this topic (repeatable)"
    )
    listing.add_argument("--source", metavar="NAME", help="only articles from a source whose name contains NAME")
    listing.add_argument(
        "--sort",
        choices=["date", "topic", "source"],
        default="date",
        help="order: newest first (default), or by topic or source",
    )
    listing.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="a table to read (default), or CSV or JSON for other tools (every field whole, no summary line)",
    )
    listing.set_defaults(handler=_run_list)


def _run_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import shutil
    from datetime import UTC, datetime

    from digest.config import load_config
    from digest.listing import load_listing, records, render_csv, render_table, select, sort_articles

    site = _site_dir(args)
    args.since = _since_date(site, args.since)
    config = load_config(site)[0]
    listing = load_listing(site, config)
    _print_warnings(listing.problems, err)
    chosen = select(listing.articles, args.unpicked, args.since, args.topic, args.source)
    chosen = sort_articles(chosen, args.sort, config.language)
    now = datetime.now(UTC)
    if args.format == "json":
        print(json.dumps(records(chosen, now), ensure_ascii=False, indent=2), file=out)
    elif args.format == "csv":
        print(render_csv(chosen, now), file=out)
    else:
        width = shutil.get_terminal_size().columns if out.isatty() else None
        if chosen:
            print(render_table(chosen, width, now), file=out)
        unpicked = sum(1 for article in chosen if not article.picked_in)
        print(f"{len(chosen)} article(s), {unpicked} not picked by any issue", file=out)
    _note_unknown_topics(args.topic, listing.articles, err)
    return EXIT_OK


def _note_unknown_topics(topics: Sequence[str], articles: Sequence[Listed], err: TextIO) -> None:
    """A note for each ``--topic`` that no article has, with the nearest topic the site has."""
    from digest.model import topic_slug

    names = {name for article in articles for name in article.topics}
    known = {key for article in articles for key in article.topic_keys}
    for topic in topics:
        if topic_slug(topic) not in known:
            print(_unknown_topic(topic, names), file=err)


def _unknown_topic(topic: str, names: set[str]) -> str:
    """A note for ``--topic`` that no article has, with the nearest topic the site has."""

    by_fold = {name.casefold(): name for name in sorted(names)}
    close = nearest(topic.casefold(), by_fold)
    hint = f"; did you mean '{by_fold[close]}'?" if close else ""
    return f"note: no article has the topic '{topic}'{hint}"


def _add_email(commands: argparse._SubParsersAction, site_option: argparse.ArgumentParser) -> None:
    email = commands.add_parser(
        "email",
        parents=[site_option],
        help=COMMANDS["email"],
        description=(
            "Build an issue's newsletter edition: email.html (CSS inlined) and email.txt. A draft or an issue "
            "dated in the future works too (it is built aside, as the site will be when it comes out, with "
            "the articles it picks, into email/<slug>/). Without --output, prints the paths of the files: a published issue's in the built site."
        ),
    )
    email.add_argument("issue", help='the issue\'s slug, file name, title or the start of its title, e.g. "Week 26"')
    email.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="DIR",
        help="write email.html and email.txt into DIR (public/ is left as it is)",
    )
    email.add_argument(
        "--base-url", type=_absolute_url, metavar="URL", help="the URL the site is published at (overrides digest.yaml)"
    )
    email.set_defaults(handler=_run_email)


def _run_email(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from digest.check.stubs import issue_stubs
    from digest.config import load_config
    from digest.issues import IssueNotFound, find_issue
    from digest.listing import load_listing

    site = _site_dir(args)
    config, _ = load_config(site)
    ref = args.issue
    typed = Path(ref)
    if typed.suffix == ".md" and typed.is_file():  # a path as the shell completes it, from the current folder
        with contextlib.suppress(ValueError):  # (a file outside the site: no issue of it)
            ref = typed.resolve().relative_to(site.resolve()).as_posix()
    listing = load_listing(site, config, articles_too=False)
    try:
        issue = find_issue(listing.issues, ref)
    except IssueNotFound as error:
        _print_warnings(listing.problems, err)  # an issue that cannot be read may be the one meant
        raise UsageError(error.message) from None
    if not config.email:
        line = next((setting.line for setting in config.plugins if setting.name == "email"), None)
        raise DigestError("plugins.email: the email edition is turned off here (email: false)", "digest.yaml", line)
    _print_warnings(issue_stubs(site, issue.path), err)
    files = _email_files(site, issue, args.output, err, args.base_url)
    if not files:  # a plugin that replaces the built-in one (plugins: {email: ...}) made none
        where = f"digests/{issue.slug}/email.html"
        raise DigestError(f"the build made no newsletter for this issue ({where}): the email plugin in use makes none")
    _warn_clipped(files, issue.path, err)
    for path in files:
        print(os.path.normpath(path), file=out)  # (``-C ../site``: said without the ..)
    return EXIT_OK


CLIPPED_BYTES = 102 * 1024  # Gmail shows a message's HTML up to this size and clips the rest


def _warn_clipped(files: list[Path], issue_path: str, err: TextIO) -> None:
    """An email.html that Gmail would clip: its readers would see the start of the issue and a
    'view entire message' link, not the later picks nor the footer's unsubscribe link."""
    html = next((path for path in files if path.name == "email.html"), None)
    size = html.stat().st_size if html is not None else 0
    if size > CLIPPED_BYTES:
        print(
            f"warning: {issue_path}: the newsletter's HTML is {size // 1024:,} KB; Gmail shows the first "
            f"{CLIPPED_BYTES // 1024} KB of a message and clips the rest (the later picks and the footer with "
            "its unsubscribe link): pick fewer articles or shorten the notes",
            file=err,
        )


def _email_files(site: Path, issue: Issue, output: Path | None, err: TextIO, base_url: str | None = None) -> list[Path]:
    """Build what the issue needs and return its email.html and email.txt (copied into
    ``output``); email.txt only where the email plugin makes it (``text: false`` does not).
    A published issue's edition is the built site's (with ``output``: built aside, public/
    left as the last ``digest build`` made it)."""
    from datetime import UTC, datetime

    from digest.issues import is_published, picked_paths
    from digest.write import scratch_folder

    now = datetime.now(UTC)
    published = is_published(issue, now)
    if published and output is None:
        with progress("building", err):
            result = Builder(site, BuildOptions(base_url=base_url, warn_default_base_url=True)).build()
        _print_warnings(result.warnings, err)
        return _editions(result, issue.slug)
    with scratch_folder("digest-email-") as scratch:
        aside = scratch / "public"
        # An unpublished issue's site as it will be when the issue comes out, with the issue and
        # its picks whatever their draft flags and dates: no other draft or later issue, which
        # may be half written, is built with it.
        options = BuildOptions(
            now=None if published else max(issue.date or now, now),
            shown=frozenset() if published else frozenset({issue.path, *picked_paths(site, issue)}),
            base_url=base_url,
            output=aside,
            search=False,
            persist=False,
            reuse_store=True,
            only=frozenset(f"digests/{issue.slug}/{name}" for name in EDITIONS),
            throwaway=True,
            warn_default_base_url=True,
        )
        builder = Builder(site, options)
        with progress("building", err):
            result = builder.build()
        _print_warnings(result.warnings, err)
        _warn_later_picks(builder, issue.slug, err)
        files = _editions(result, issue.slug)
        if output is not None:
            return _copied(files, output)
        # digest's own folder: an edition it no longer makes (email.txt after text: false) goes.
        return _copied(files, site.absolute() / "email" / issue.slug, stale=EDITIONS)


EDITIONS = ("email.html", "email.txt")


def _editions(result: BuildResult, slug: str) -> list[Path]:
    """The issue's email.html and email.txt the build wrote (email.txt only where the email
    plugin makes it)."""
    folder = result.output_dir / "digests" / slug
    return [path for name in EDITIONS if (path := folder / name).is_file()]


def _warn_later_picks(builder: Builder, slug: str, err: TextIO) -> None:
    """An unpublished issue's picks that the site will not show when the issue comes out (drafts;
    articles dated after its date, or after now for a draft whose date has passed): the
    newsletter would link to pages that are not there (and that build fails)."""
    from datetime import UTC, datetime

    digest = next((record for record in builder.site.digests if record.slug == slug), None) if builder.site else None
    if digest is None or builder.config is None:
        return
    comes_out = max(digest.date, datetime.now(UTC))
    zone = builder.config.tzinfo
    later = [
        (number, pick)
        for number, pick in enumerate(digest.picks, start=1)
        if pick.article.draft or pick.article.date > comes_out
    ]
    document = _document(builder.site_dir, digest.path, builder.config.limits.file_size) if later else None
    for number, pick in later:
        if pick.article.draft:
            message = (
                f"pick {number}: '{pick.article.slug}' is a draft: the site will not show it until its draft: true goes"
            )
        else:
            when = pick.article.date.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            message = (
                f"pick {number}: '{pick.article.slug}' is dated {when}, after the issue comes out: "
                "the site will not show it then"
            )
        line = document.line_of("picks", number - 1, "article") if document is not None else None
        _print_warnings([DigestError(message, digest.path, line)], err)


def _document(site: Path, path: str, most: int) -> Document | None:
    """A content file's front matter and body, to name the lines of its keys (None when it
    cannot be read now: the message then names the file alone)."""
    from digest.config import read_regular_file
    from digest.frontmatter import parse_document

    try:
        text = read_regular_file(site / path, path, most).decode("utf-8")
        return parse_document(text, path)
    except (DigestError, OSError, UnicodeDecodeError):
        return None


def _copied(files: list[Path], folder: Path, stale: tuple[str, ...] = ()) -> list[Path]:
    """``files`` copied into ``folder``; the files named ``stale`` that are not among them removed from it.
    All are copied aside first, then renamed in: a full disk leaves the previous editions whole."""
    import shutil

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # --output names a file, or a path through one
        file = next((path for path in (folder, *folder.parents) if path.exists() and not path.is_dir()), folder)
        raise DigestError(f"cannot write the editions into {folder}: {file} is a file, not a folder") from None
    except OSError as error:
        raise DigestError(f"cannot write the editions into {folder}: {error.strerror}") from None
    aside = {path: folder / f".{path.name}.{os.getpid()}.tmp" for path in files}
    with held_interrupts():
        try:
            for path, temporary in aside.items():
                shutil.copyfile(path, temporary)
        except OSError as error:
            for temporary in aside.values():
                temporary.unlink(missing_ok=True)
            target = folder / path.name
            raise DigestError(f"cannot write {target}: {error.strerror}; {folder} was left as it was") from None
        copied = []
        for path, temporary in aside.items():
            os.replace(temporary, folder / path.name)
            copied.append(folder / path.name)
    for name in set(stale) - {path.name for path in files}:
        (folder / name).unlink(missing_ok=True)
    return copied


# -- publishing: deploy ----------------------------------------------------------------


def _add_deploy(commands: argparse._SubParsersAction, site_option: argparse.ArgumentParser) -> None:
    deploy = commands.add_parser(
        "deploy",
        parents=[site_option],
        help=COMMANDS["deploy"],
        description=(
            "Build the site, then publish it to a target of the deploy: section of digest.yaml (the first one "
            "unless named): a GitHub Pages branch, S3-compatible storage (only changed files are uploaded), or "
            "rsync over SSH. Refuses while base_url is still the default."
        ),
    )
    deploy.add_argument("target", nargs="?", help="the name of the target (default: the first in digest.yaml)")
    deploy.add_argument("--dry-run", "-n", action="store_true", help="show what would change; change nothing")
    deploy.add_argument(
        "--base-url", type=_absolute_url, metavar="URL", help="the URL the site is published at (overrides digest.yaml)"
    )
    deploy.set_defaults(handler=_run_deploy)


def _on_this_machine(url: str) -> bool:
    """Whether a published site at ``url`` would link to the reader's own machine."""
    from urllib.parse import urlsplit

    from digest.urls import names_this_machine

    return names_this_machine(urlsplit(url).hostname or "")


def _deploy_progress(kind: str, name: str, err: TextIO) -> contextlib.AbstractContextManager[None]:
    """The deploy's progress, but on a terminal for a target reached by git or rsync: ssh asks
    there for a key's passphrase, a password or whether to trust a host, and a line redrawn
    there every second would write over the question."""
    if kind != "s3" and is_terminal(err):
        return contextlib.nullcontext()
    return progress(f"deploying to {name}", err)


def _run_deploy(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from digest.config import default_base_url_problem, line_of_key, load_config
    from digest.deploy import DeployError, choose_target, deploy, refuse_unknown_keys
    from digest.layout import CONFIG_NAME

    site = _site_dir(args)
    config, _ = load_config(site)
    try:
        target = choose_target(config, args.target)
    except DeployError as error:
        raise UsageError(error.message) from None
    refuse_unknown_keys(target)
    default = None if args.base_url else default_base_url_problem(site, config)
    problem = None if default is None else str(default)
    if problem is None and _on_this_machine(args.base_url or config.base_url):
        where = (
            "--base-url" if args.base_url else f"{CONFIG_NAME}:{line_of_key(site / CONFIG_NAME, 'base_url')}: base_url"
        )
        problem = f"{where}: {args.base_url or config.base_url} is an address of this machine"
    if problem is not None:
        print(f"{problem}", file=err)
        print("deploy refused: the published site would link to localhost; nothing was built or uploaded", file=err)
        return EXIT_ERRORS
    builder = Builder(site, BuildOptions(base_url=args.base_url))
    try:
        with progress("building", err):
            result = builder.build()
    except BuildFailed as failure:
        _print_warnings(failure.warnings, err)
        _print_errors(failure.errors, err)
        print(
            f"deploy failed: {len(failure.errors)} error(s) in the build; {_output_after(failure, builder)}, and "
            f"nothing was published to {target.name}",
            file=err,
        )
        return EXIT_ERRORS
    _print_warnings(result.warnings, err)
    # Another build (a daily job's next run) would put its output in place as the files are sent.
    with builder.locked():
        args.publishing = target.name  # (what an interrupt from now on may leave half-done)
        with _deploy_progress(target.type, target.name, err):
            report = deploy(target, result.output_dir, site, config, args.dry_run)
    if args.dry_run:
        for path in report.uploaded:
            print(f"  upload {path}", file=out)
        for path in report.deleted:
            print(f"  delete {path}", file=out)
    print(report.summary(), file=out)
    return EXIT_OK
