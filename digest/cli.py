"""The ``digest`` command: the only place that reads argv, prints errors and picks exit codes.

Exit codes: 0 success, 1 content or template errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from digest import __version__
from digest.build import Builder, BuildOptions, BuildResult
from digest.errors import BuildFailed, DigestError

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command line asks for something that cannot be done as asked."""


# Set once ``digest serve`` has stopped: the process ends at once, without waiting for a
# build that may still be running on the preview's thread.
_SERVE_STOPPED: list[bool] = []


def run() -> None:
    """The ``digest`` command (``main`` with the process's arguments and streams)."""
    code = main()
    if _SERVE_STOPPED:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = make_parser()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not getattr(args, "command", None):
        parser.print_help(out)
        return EXIT_USAGE
    try:
        return int(args.handler(args, out, err))
    except UsageError as error:
        print(f"digest {args.command}: error: {error}", file=err)
        return EXIT_USAGE
    except BuildFailed as failure:
        _print_errors(failure.errors, err)
        return EXIT_ERRORS
    except DigestError as error:
        print(f"error: {error}", file=err)
        return EXIT_ERRORS
    except OSError as error:  # a folder that cannot be written, a disk that is full, …
        print(f"error: {error}", file=err)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print("interrupted; the previous output was left as it was", file=err)
        return 130


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digest",
        description="digest: a static site generator for curated news digests.",
        epilog="Run 'digest COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"digest {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    site_option = argparse.ArgumentParser(add_help=False)
    site_option.add_argument(
        "-C", "--site", type=Path, default=Path("."), metavar="DIR", help="the site folder (default: current folder)"
    )
    _add_init(commands)
    _add_new(commands, site_option)
    _add_build(commands, site_option)
    _add_serve(commands, site_option)
    _add_import(commands, site_option)
    _add_check(commands, site_option)
    _add_email(commands, site_option)
    return parser


def _add_init(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser("init", help="create a new site", description="Create a new site ready to build.")
    init.add_argument("directory", type=Path, help="the folder for the new site (created if missing)")
    init.set_defaults(handler=_run_init)


def _add_new(commands: argparse._SubParsersAction, site_option: argparse.ArgumentParser) -> None:
    new = commands.add_parser(
        "new",
        parents=[site_option],
        help="create a new article or digest issue",
        description="Create a content file with complete front matter. Never overwrites a file.",
    )
    new.add_argument("kind", choices=["article", "digest"], help="what to create")
    new.add_argument("title", help="the title")
    new.add_argument("--topic", action="append", default=[], help="a topic of the article (repeatable)")
    new.set_defaults(handler=_run_new)


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true", help="include drafts")
    parser.add_argument("--future", action="store_true", help="include content dated in the future")


def _add_build(commands: argparse._SubParsersAction, site_option: argparse.ArgumentParser) -> None:
    build = commands.add_parser(
        "build",
        parents=[site_option],
        help="build the site into public/",
        description="Build the site. The previous output is replaced only when the whole build succeeds.",
    )
    _add_build_options(build)
    build.add_argument("--base-url", metavar="URL", help="the URL the site is published at (overrides digest.yaml)")
    build.add_argument("--output", "-o", type=Path, metavar="DIR", help="the output folder (default: public/)")
    build.add_argument("--clean", action="store_true", help="ignore the build cache and render every page")
    build.add_argument(
        "--force",
        action="store_true",
        help="build into a non-empty folder digest did not make (files digest does not write are kept)",
    )
    build.add_argument(
        "--jobs", "-j", type=_positive_int, metavar="N", help="worker processes (default: the number of cores)"
    )
    build.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    build.set_defaults(handler=_run_build)


def _add_serve(commands: argparse._SubParsersAction, site_option: argparse.ArgumentParser) -> None:
    serve = commands.add_parser(
        "serve",
        parents=[site_option],
        help="preview the site with live reload",
        description="Build, serve at http://127.0.0.1:8000 and rebuild on every change.",
    )
    _add_build_options(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--no-reload", action="store_true", help="do not reload the browser on changes")
    serve.set_defaults(handler=_run_serve)


def _add_import(commands: argparse._SubParsersAction, site_option: argparse.ArgumentParser) -> None:
    try:
        from digest.importer import add_import_arguments
    except ImportError:  # pragma: no cover - the importer is part of every release
        return
    parser = commands.add_parser(
        "import",
        parents=[site_option],
        help="import scraped text, HTML pages, URLs and feeds as articles",
        description="Turn raw articles into content/articles/<date>-<slug>.md with front matter.",
    )
    add_import_arguments(parser)
    parser.set_defaults(handler=_run_import)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _add_check(commands: argparse._SubParsersAction, site_option: argparse.ArgumentParser) -> None:
    from digest.check import add_check_arguments

    check = commands.add_parser(
        "check",
        parents=[site_option],
        help="find broken links, missing files, duplicate stories and repeated picks",
        description=(
            "Build the site into a scratch folder and check it: everything the build validates, every internal "
            "link, #anchor, image and static file, the same story twice, an article picked again. "
            "Exit 1 on errors, and on warnings too with --strict."
        ),
    )
    _add_build_options(check)
    add_check_arguments(check)
    check.set_defaults(handler=_run_check)


def _run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from digest.check import run_check

    report = run_check(args, _site_dir(args), out, err)
    return EXIT_ERRORS if report.errors or (args.strict and report.warnings) else EXIT_OK


def _add_email(commands: argparse._SubParsersAction, site_option: argparse.ArgumentParser) -> None:
    email = commands.add_parser(
        "email",
        parents=[site_option],
        help="the newsletter edition of a digest issue",
        description="Build the site and print the paths of an issue's email.html (CSS inlined) and email.txt.",
    )
    email.add_argument("issue", help='the issue\'s title, slug or file, e.g. "Week 26"')
    email.add_argument("--output", "-o", type=Path, metavar="DIR", help="copy email.html and email.txt into DIR")
    email.set_defaults(handler=_run_email)


def _run_email(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import shutil

    from digest.content import find_digest

    site = _site_dir(args)
    slug = find_digest(site, args.issue)
    if slug is None:
        raise UsageError(f"no digest issue matches {args.issue!r} (give its title, slug or file name)")
    result = Builder(site, BuildOptions()).build()
    _print_warnings(result.warnings, err)
    files = [result.output_dir / "digests" / slug / name for name in ("email.html", "email.txt")]
    if not files[0].is_file():
        raise UsageError(f"{args.issue!r} is not in the built site: is it a draft, or dated in the future?")
    if args.output:
        args.output.mkdir(parents=True, exist_ok=True)
        files = [Path(shutil.copy(path, args.output / f"{slug}-{path.name}")) for path in files]
    for path in files:
        print(path, file=out)
    return EXIT_OK


def _site_dir(args: argparse.Namespace, must_exist: bool = True) -> Path:
    site: Path = args.site
    if must_exist and not (site / "digest.yaml").is_file() and not (site / "content").is_dir():
        raise UsageError(f"{site.absolute()} is not a digest site (no digest.yaml); run 'digest init DIR' first")
    return site


def _run_init(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from digest.scaffold import ScaffoldError, init_site

    try:
        created = init_site(args.directory)
    except ScaffoldError as error:
        print(str(error), file=err)
        return EXIT_OK if (args.directory / "digest.yaml").exists() else EXIT_USAGE
    for path in created:
        print(f"created {path}", file=out)
    print(f"\nNext: cd {args.directory} && digest serve", file=out)
    return EXIT_OK


def _run_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from digest.scaffold import ScaffoldError, new_file

    site = _site_dir(args)
    try:
        path = new_file(site, args.kind, args.title, args.topic)
    except ScaffoldError as error:
        raise UsageError(str(error)) from None
    print(f"created {path}", file=out)
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
    builder = Builder(site, _build_options(args, args.output))
    builder.waiting = functools.partial(print, file=err, flush=True)
    try:
        result = builder.build()
    except BuildFailed as failure:
        _print_errors(failure.errors, err)
        print(f"build failed: {len(failure.errors)} error(s); {builder.output_dir} was left as it was", file=err)
        return EXIT_ERRORS
    _print_warnings(result.warnings, err)
    if not args.quiet:
        print(_summary(result, site), file=out)
    return EXIT_OK


def _summary(result: BuildResult, site: Path) -> str:
    try:
        where = os.path.relpath(result.output_dir, Path.cwd())
    except ValueError:
        where = str(result.output_dir)
    return (
        f"built {result.pages} pages in {result.seconds:.2f} s into {where}/ "
        f"({len(result.written)} written, {result.unchanged} unchanged, {len(result.removed)} removed)"
    )


def _run_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from digest.serve import serve

    site = _site_dir(args)
    code = serve(
        site, _build_options(args), host=args.host, port=args.port, live_reload=not args.no_reload, out=out, err=err
    )
    _SERVE_STOPPED.append(True)
    return code


def _run_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from digest.importer import run_import

    site = _site_dir(args)
    summary = run_import(args, site, out, err)
    return EXIT_ERRORS if summary.failed else EXIT_OK


def _print_errors(errors: Sequence[DigestError], err: TextIO) -> None:
    for error in errors:
        print(str(error), file=err)


def _print_warnings(warnings: Sequence[DigestError], err: TextIO) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=err)
