"""Plugins: packages found through the ``digest.plugins`` entry point group and the site's
own Python files named under ``hooks:`` in digest.yaml, enabled and configured under
``plugins:``.

A plugin is a subclass of ``Plugin`` (or a module with functions of the same names): every
event is a method that does nothing unless the plugin defines it.  What a plugin gives the
build is tracked like everything else: its code (the hooks file, the module's file and its
distribution's version) and its options make ``SiteConfig.plugin_key``, part of every
page's key (those of the plugins that extend Markdown are ``MarkdownOptions.extensions_key``,
part of the parsed files' cache key); what it adds to records (``extra``, or any
field through ``dataclasses.replace``) is read by templates through the same recording
views as the fields digest itself fills in.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import importlib.util
import inspect
import operator
import os
import sys
import traceback
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from digest.cache import CACHE_DIR
from digest.config import BUILTIN_PLUGINS as BUILTINS
from digest.config import Check, Limits, SiteConfig, load_config, read_regular_file, validate_options
from digest.errors import BuildFailed, ConfigError, ContentError, DigestError, nearest
from digest.layout import CONFIG_NAME
from digest.model import Article, Digest, Page, Site

if TYPE_CHECKING:
    from digest.search import IndexOptions

ENTRY_POINT_GROUP = "digest.plugins"
OutputStep = Callable[[Path, tuple[str, ...], tuple[str, ...]], None]  # on_output: tree, written, removed
EVENTS = (
    "on_config",
    "on_file_parsed",
    "on_site",
    "on_pages",
    "on_page_context",
    "on_page_rendered",
    "on_output",
    "on_build_finished",
)
HOOKS = (*EVENTS, "filters", "tests", "globals", "markdown_plugins")  # what a plugin may define


class Plugin:
    """The events a plugin may handle; each is a no-op here.

    ``config_schema`` declares the plugin's options as digest.yaml's own settings are
    declared: option -> (check, default), the checks of ``digest.config`` (``is_str``,
    ``is_bool``, ``is_positive_int``, ...) or any function returning a problem or None.
    The options given under ``plugins: {name: {...}}`` are in ``self.config``.
    """

    config_schema: ClassVar[dict[str, tuple[Check, Any]]] = {}
    output_folder: ClassVar[str] = ""  # a folder of the output ("pagefind/") that ``on_output`` writes
    # The plugin's own folder in the site's build cache (``.digest-cache/plugins/<name>/``):
    # what it keeps between builds, created when it needs it; it may be deleted at any time.
    cache_dir: Path | None = None

    def __init__(self, name: str, config: dict[str, Any]):
        self.name = name
        self.config = config

    def on_config(self, config: SiteConfig) -> SiteConfig:
        """The configuration, once digest.yaml is read."""
        return config

    def on_file_parsed(self, record: Any) -> Any:
        """An ``Article``, ``Digest``, ``Page`` or ``Topic`` once its file is parsed; return it
        changed (``dataclasses.replace``, ``extra``) or as it is."""
        return record

    def on_site(self, site: Site) -> Site:
        """Every record of the build, assembled, before anything is planned or rendered."""
        return site

    def on_pages(self, pages: list[Any], site: Site) -> list[Any]:
        """Every page a template makes (``PageSpec``s: path, template, context), in order;
        return the list with pages added or left out.  The feeds, the sitemap and robots.txt
        are made after (the sitemap lists the pages returned)."""
        return pages

    def on_page_context(self, context: dict[str, Any], page: Any) -> dict[str, Any]:
        """The variables of one page's template (``page`` is its ``PageSpec``: path, template)."""
        return context

    def on_page_rendered(self, html: str, page: Any) -> str:
        """One page's text, once rendered."""
        return html

    def on_output(self, tree: Path, written: tuple[str, ...], removed: tuple[str, ...]) -> None:
        """The next output, complete, before it replaces the current one at once: the plugin
        may write under its ``output_folder`` there.  ``written`` and ``removed``: the files
        that differ from the current output.  Write new files (or rename them into place);
        never change a file in place, which may be the current output's file too."""

    def on_build_finished(self, written_files: tuple[str, ...]) -> None:
        """The files this build wrote, relative to the output folder."""

    def filters(self) -> dict[str, Callable[..., Any]]:
        """Jinja filters for every template."""
        return {}

    def tests(self) -> dict[str, Callable[..., Any]]:
        """Jinja tests for every template."""
        return {}

    def globals(self) -> dict[str, Any]:
        """Jinja globals for every template."""
        return {}

    def markdown_plugins(self) -> list[Callable[..., Any]]:
        """markdown-it-py plugins (``md.use(plugin)``) for every Markdown text."""
        return []


class _ModulePlugin(Plugin):
    """A module whose functions are a plugin's events (a hooks file, MkDocs style)."""

    def __init__(self, name: str, config: dict[str, Any], module: types.ModuleType):
        super().__init__(name, config)
        self.module = module
        vars(module)["options"] = self.config  # its options under plugins: in digest.yaml, with their defaults
        for event in HOOKS:
            function = getattr(module, event, None)
            if callable(function):
                setattr(self, event, function)


class _Loaded:
    """A plugin as found: its name, where it comes from (for the key), what makes it, and
    its code (``Source``) for the line an error names."""

    def __init__(self, name: str, make: Callable[[], Any], identity: str, source: Source | None = None):
        self.name = name
        self.make = make
        self.identity = identity
        self.source = source


@dataclass(frozen=True)
class Source:
    """A plugin's code: a file, or a package's folder, and how a message shows it."""

    path: str  # absolute
    shown: str  # a hooks file's path in the site; a package's or module's name

    def raised_at(self, error: BaseException) -> str:
        """`` (hooks/stars.py:12)``: the plugin's line nearest where ``error`` was raised."""
        found = None
        for frame, line in traceback.walk_tb(error.__traceback__):
            name = frame.f_code.co_filename
            if name == self.path:
                found = f"{self.shown}:{line}"
            elif name.startswith(self.path + os.sep):
                found = f"{self.shown}/{Path(name).relative_to(self.path).as_posix()}:{line}"
        return f" ({found})" if found else ""


class Plugins:
    """The plugins of one build (built-ins, hooks files, installed ones); each event runs them
    in turn and reports a plugin's error with its name, the event and the file."""

    def __init__(
        self,
        plugins: Iterable[Plugin] = (),
        key: str = "",
        identities: Mapping[str, str] | None = None,
        sources: Mapping[str, Source] | None = None,
    ):
        self.plugins = list(plugins)
        self.key = key
        self.identities = dict(identities or {})  # each plugin's part of ``key``, by name
        self.sources = dict(sources or {})  # each plugin's code, by name (none for the built-ins)

    def _handlers(self, event: str) -> list[tuple[Plugin, Callable[..., Any]]]:
        return [
            (plugin, getattr(plugin, event))
            for plugin in self.plugins
            if getattr(type(plugin), event, None) is not getattr(Plugin, event) or event in vars(plugin)
        ]

    def handles(self, event: str) -> bool:
        return bool(self._handlers(event))

    def _run(self, event: str, value: Any, where: str | None, *args: Any) -> Any:
        for plugin, handler in self._handlers(event):
            result = self._given(plugin, event, partial(handler, value, *args), where)
            if result is not None and event in _RESULTS:
                fits, wanted = _RESULTS[event]
                if not fits(result, value):
                    message = f"expected {wanted} (or None for no change), got {_described(result)}"
                    raise PluginError(plugin.name, event, message, where)
            if result is not None or event == "on_build_finished":
                value = result
        return value

    def on_config(self, config: SiteConfig) -> SiteConfig:
        try:
            return self.configured(self._run("on_config", config, CONFIG_NAME))
        except PluginError as error:
            raise BuildFailed([error]) from None

    def configured(self, config: SiteConfig) -> SiteConfig:
        """``config`` with the plugins' key and Markdown plugins."""
        extensions = tuple(
            NamedExtension(plugin.name, extension, self.sources.get(plugin.name))
            for plugin in self.plugins
            for extension in self._given(plugin, "markdown_plugins", plugin.markdown_plugins, CONFIG_NAME)
        )
        # What the parsed files depend on of the plugins: the code and options of those that
        # extend Markdown (editing a hooks file that gives only a filter parses nothing again).
        givers = dict.fromkeys(extension.plugin for extension in extensions)
        given_key = "\0".join(self.identities.get(name, name) for name in givers)
        markdown = replace(
            config.markdown,
            extensions=config.markdown.extensions + extensions,
            extensions_key=_hashed(given_key) if given_key else "",
        )
        return replace(config, plugin_key=self.key, markdown=markdown)

    def on_file_parsed(self, record: Any) -> Any:
        where = getattr(record, "path", None) or getattr(record, "description_path", None)  # a Topic's file
        result = self._run("on_file_parsed", record, where)
        return result if result is record else _restamped(result)

    def on_site(self, site: Site) -> Site:
        if not self.handles("on_site"):
            return site
        before = {id(record) for record in (*site.articles, *site.digests, *site.pages)}
        try:
            site = self._run("on_site", site, None)
        except PluginError as error:
            raise BuildFailed([error]) from None
        return replace(
            site,
            articles=tuple(_restamped(item) if id(item) not in before else item for item in site.articles),
            digests=tuple(_restamped(item) if id(item) not in before else item for item in site.digests),
            pages=tuple(_restamped(item) if id(item) not in before else item for item in site.pages),
        )

    def on_pages(self, pages: list[Any], site: Site) -> list[Any]:
        try:
            return list(self._run("on_pages", pages, None, site))
        except PluginError as error:
            raise BuildFailed([error]) from None

    def on_page_context(self, context: dict[str, Any], page: Any) -> dict[str, Any]:
        for plugin, handler in self._handlers("on_page_context"):
            given = self._given(plugin, "on_page_context", partial(handler, context, page), page.path)
            if given is None:
                continue
            if not isinstance(given, Mapping) or not set(context) <= set(given):
                got = (
                    f"one without {', '.join(sorted(set(context) - set(given)))}"
                    if isinstance(given, Mapping)
                    else f"a {type(given).__name__}"
                )
                message = f"expected the page's variables (a mapping with every one it was given), got {got}"
                raise PluginError(plugin.name, "on_page_context", message, page.path)
            context = dict(given)
        return context

    def on_page_rendered(self, html: str, page: Any) -> str:
        return self._run("on_page_rendered", html, page.path, page)

    def on_build_finished(self, written_files: tuple[str, ...]) -> None:
        try:
            self._run("on_build_finished", written_files, None)
        except PluginError as error:
            raise BuildFailed([error], written=True) from None

    def builtin_search(self) -> IndexOptions | None:
        """How the built-in search plugin indexes the site; None when the site has no such plugin."""
        if not self.plugins:  # (none loaded: a build with nothing to do, whose answer is at once)
            return None
        from digest.builtin_plugins import SearchPlugin

        found = [plugin for plugin in self.plugins if isinstance(plugin, SearchPlugin)]
        return found[0].index_options() if found else None

    def output_folders(self) -> tuple[str, ...]:
        """The output folders the plugins write in ``on_output``: kept from build to build."""
        return tuple(folder for folder, _name in self.output_folder_owners())

    def output_folder_owners(self) -> list[tuple[str, str]]:
        """Each of those folders with the name of the plugin that writes it."""
        return [(plugin.output_folder, plugin.name) for plugin in self.plugins if plugin.output_folder]

    def output_step(self, builtin_search: bool = True) -> OutputStep | None:
        """``on_output`` of every plugin that has one (the built-in search's only with
        ``builtin_search``: the preview indexes aside), for the output writer to run on the
        next tree; None when no plugin has one."""
        from digest.builtin_plugins import SearchPlugin

        handlers = [
            (plugin, handler)
            for plugin, handler in self._handlers("on_output")
            if builtin_search or not isinstance(plugin, SearchPlugin)
        ]
        if not handlers:
            return None

        def step(tree: Path, written: tuple[str, ...], removed: tuple[str, ...]) -> None:
            for plugin, handler in handlers:
                try:
                    handler(tree, written, removed)
                except DigestError as error:
                    raise BuildFailed(
                        [PluginError(plugin.name, "on_output", error.message, error.path, error.line)]
                    ) from None
                except (Exception, SystemExit) as error:  # a plugin's bug is reported like a content error
                    raise BuildFailed([PluginError(plugin.name, "on_output", self._raised(plugin, error))]) from None

        return step

    def install(self, env: Any) -> None:
        """The plugins' filters, tests and globals in a Jinja environment."""
        errors = []
        for plugin in self.plugins:
            for kind, given in (("filters", plugin.filters), ("tests", plugin.tests), ("globals", plugin.globals)):
                try:
                    named = self._given(plugin, kind, given, None)
                    if not isinstance(named, Mapping) or not all(isinstance(name, str) for name in named):
                        raise PluginError(plugin.name, kind, f"expected a mapping of names, got {_described(named)}")
                    functions = kind != "globals"
                    if functions and (bad := next((n for n, f in named.items() if not callable(f)), None)):
                        raise PluginError(
                            plugin.name, kind, f"{bad}: expected a function, got {_described(named[bad])}"
                        )
                    # (a global may be a value, or an object a template calls, left as it is: a class)
                    source = self.sources.get(plugin.name)
                    named = {
                        name: _naming(plugin.name, kind[:-1], name, f, source)
                        if functions or inspect.isfunction(f) or inspect.ismethod(f)
                        else f
                        for name, f in named.items()
                    }
                    getattr(env, kind).update(named)
                except PluginError as error:
                    errors.append(error)
        if errors:
            raise BuildFailed(errors)

    def _given(self, plugin: Plugin, what: str, give: Callable[[], Any], where: str | None) -> Any:
        """What a plugin gives (an event's result; its filters, tests, globals, Markdown
        plugins), its exception a PluginError naming the plugin, ``what`` and the file."""
        try:
            return give()
        except DigestError as error:
            raise PluginError(plugin.name, what, error.message, error.path or where, error.line) from None
        except (Exception, SystemExit) as error:  # a plugin's bug is reported like a content error
            raise PluginError(plugin.name, what, self._raised(plugin, error), where) from None

    def _raised(self, plugin: Plugin, error: BaseException) -> str:
        """An exception of a plugin's code, told with the plugin's line it came from."""
        source = self.sources.get(plugin.name)
        return f"{type(error).__name__}: {error}" + (source.raised_at(error) if source else "")


NO_PLUGINS = Plugins()


class PluginFunctionError(Exception):
    """A plugin's filter or test that raised as a page rendered: the template's error names
    the plugin as well as the page and line."""


def _naming(
    plugin: str, kind: str, name: str, function: Callable[..., Any], source: Source | None
) -> Callable[..., Any]:
    """``function`` (a plugin's filter or test), its exceptions made to name the plugin and its line."""

    @functools.wraps(function)  # (keeps Jinja's pass_context and the like)
    def named(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except DigestError:
            raise
        except (Exception, SystemExit) as error:
            at = source.raised_at(error) if source else ""
            raise PluginFunctionError(
                f"plugin '{plugin}' ({kind} {name}): {type(error).__name__}: {error}{at}"
            ) from None

    return named


@dataclass(frozen=True)
class NamedExtension:
    """A plugin's markdown-it-py plugin, with the plugin's name: one that fails to set itself
    up on the site's parser (``markup``) is an error naming the plugin."""

    plugin: str
    function: Callable[..., Any]
    source: Source | None = field(default=None, compare=False, repr=False)

    def __call__(self, md: Any, *args: Any, **kwargs: Any) -> Any:
        return self.function(md, *args, **kwargs)

    def raised(self, error: BaseException) -> bool:
        """Whether ``error`` came from the plugin's code."""
        return bool(self.source and self.source.raised_at(error))

    def told(self, error: BaseException) -> str:
        """``error`` told as this plugin's, with its line."""
        at = self.source.raised_at(error) if self.source else ""
        return f"plugin '{self.plugin}' (markdown_plugins): {type(error).__name__}: {error}{at}"


def _is_page_list(result: Any, given: Any) -> bool:
    if not isinstance(result, list | tuple):
        return False
    # The pages it was given, handed back as they were (the same objects), were looked at then.
    kept = len(given) if len(result) >= len(given) and all(map(operator.is_, result, given)) else 0
    return all(hasattr(page, "path") and hasattr(page, "context") for page in result[kept:])


# What an event's handler may give back (besides None, "no change"), and how a message says it.
_RESULTS: dict[str, tuple[Callable[[Any, Any], bool], str]] = {
    "on_config": (lambda result, _given: isinstance(result, SiteConfig), "the site's configuration (a SiteConfig)"),
    "on_file_parsed": (lambda result, given: isinstance(result, type(given)), "the record it was given, or a copy"),
    "on_site": (lambda result, _given: isinstance(result, Site), "the site (a Site)"),
    "on_pages": (_is_page_list, "a list of pages (PageSpec)"),
    "on_page_rendered": (lambda result, _given: isinstance(result, str), "the page's HTML as text"),
}


def _described(value: Any) -> str:
    """A value for a message: None, or its type and a short repr."""
    if value is None:
        return "None (is a 'return' missing?)"
    shown = repr(value)  # (a long one left out: the same mistake on every page is one message)
    return f"a {type(value).__name__}" + (f" ({shown})" if len(shown) <= 40 else "")


def _restamped(record: Any) -> Any:
    """A record a plugin changed, with a version (and, for an article, a ``listing``) that
    says so: pages that read it are then looked at again, as when its file changes."""
    if not isinstance(record, Article | Digest | Page):
        return record
    if isinstance(record, Article) and record.body and record.body_source is not None:
        record = replace(record, body_source=None)  # a body the plugin gave, not the one the store keeps
    unversioned = (
        replace(record, version="", listing="") if isinstance(record, Article) else replace(record, version="")
    )
    mark = hashlib.blake2b(repr(unversioned).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    if isinstance(record, Article):
        return replace(record, version=f"{record.version}+{mark}", listing=f"{record.listing}+{mark}")
    return replace(record, version=f"{record.version}+{mark}")


class PluginError(DigestError):
    """An error raised by a plugin: ``path: plugin 'name' (event): message``."""

    def __init__(self, plugin: str, event: str, message: str, path: str | None = None, line: int | None = None):
        super().__init__(f"plugin '{plugin}' ({event}): {message}", path, line)
        self.plugin, self.event, self.detail = plugin, event, message

    def __reduce__(self) -> tuple[Any, ...]:
        return (DigestError, (self.message, self.path, self.line))


def load_plugins(site_dir: Path, config: SiteConfig, warnings: list[DigestError] | None = None) -> Plugins:
    """The plugins ``config`` enables: its hooks files, then the entry points named under
    ``plugins:``.  Unknown plugins, missing files and invalid options are errors; an unknown
    plugin turned off (a misspelt ``serach: false``) is added to ``warnings``."""
    errors: list[DigestError] = []
    hooks = _hooks(site_dir, config, errors)
    installed_ones: dict[str, _Loaded] = {}
    settings = {setting.name: setting for setting in config.plugins}
    for setting in config.plugins:
        if setting.name in hooks:
            continue
        loaded = _entry_point(setting.name)
        if not setting.enabled:
            if loaded is None and setting.name not in BUILTINS and warnings is not None:
                warnings.append(_turned_off_unknown(setting.name, setting.line, hooks))
        elif loaded is not None:
            installed_ones[setting.name] = loaded
        elif setting.name not in BUILTINS:
            message = f"plugins.{setting.name}: no such plugin (installed: {', '.join(installed()) or 'none'})"
            errors.append(ConfigError(message, CONFIG_NAME, setting.line))
    # The built-ins first (a hooks file or an installed plugin of a built-in's name in its
    # place), then the hooks files, then the installed plugins.
    found = {
        name: hooks.get(name) or installed_ones.get(name) or _builtin(name)
        for name in BUILTINS
        if getattr(config, name)
    }
    for name, loaded in (*hooks.items(), *installed_ones.items()):
        found.setdefault(name, loaded)
    plugins: list[Plugin] = []
    identities: dict[str, str] = {}
    sources: dict[str, Source] = {}
    for name, loaded in found.items():
        chosen = settings.get(name)
        if chosen is not None and not chosen.enabled:
            continue
        try:
            made = loaded.make()
            schema = _schema(made)
        except DigestError as error:  # a hooks file's own problem, where it is
            errors.append(PluginError(name, "load", error.message, error.path or CONFIG_NAME, error.line))
            continue
        except (Exception, SystemExit) as error:
            at = loaded.source.raised_at(error) if loaded.source else ""
            errors.append(PluginError(name, "load", f"{type(error).__name__}: {error}{at}", CONFIG_NAME))
            continue
        given = dict(chosen.options) if chosen else {}
        line = chosen.line if chosen else 1
        problems = validate_options(
            given, {key: check for key, (check, _) in schema.items()}, f"plugins.{name}",
            chosen.option_lines if chosen else {}, line,
        )  # fmt: skip
        errors += problems
        options = {key: default for key, (_, default) in schema.items()} | given
        plugin = _instance(made, name, options)
        plugin.cache_dir = site_dir / CACHE_DIR / "plugins" / name
        if isinstance(plugin, _ModulePlugin):  # a hooks file's, beside its options
            vars(plugin.module)["cache_dir"] = plugin.cache_dir
        plugins.append(plugin)
        identities[name] = f"{name}\0{loaded.identity}\0{sorted(options.items())!r}"
        if loaded.source is not None:
            sources[name] = loaded.source
    if errors:
        raise BuildFailed(errors)
    return Plugins(plugins, _hashed("\0".join(identities.values())) if identities else "", identities, sources)


def _turned_off_unknown(name: str, line: int | None, hooks: Mapping[str, Any]) -> ConfigError:
    near = nearest(name, [*BUILTINS, *hooks, *installed()])
    hint = f"; did you mean {near}?" if near else ""
    return ConfigError(f"plugins.{name}: no such plugin (turning it off changes nothing){hint}", CONFIG_NAME, line)


def _hashed(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def installed() -> list[str]:
    """Names of the plugins installed through the ``digest.plugins`` entry point group."""
    import importlib.metadata  # a build with no installed plugin enabled never needs it

    return sorted({point.name for point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)})


def configured_plugins(site_dir: Path) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The site's hooks files (inputs of the build, like its content; paths in the site) and
    the names of the other plugins it enables (installed ones), as its digest.yaml says; None
    when that cannot be read."""
    try:
        config, _ = load_config(site_dir)
    except BuildFailed:
        return None
    hooks = tuple(hook.path for hook in config.hooks)
    hook_names = {Path(path).stem for path in hooks}  # (a hooks file's plugin, not an installed one)
    enabled = tuple(setting.name for setting in config.plugins if setting.enabled and setting.name not in hook_names)
    return hooks, enabled


def installed_key(names: Iterable[str]) -> str:
    """What identifies the installed plugins of these names (version, module file), for the
    build's quick no-op check: an upgraded plugin is a change."""
    return "\0".join(f"{name}\0{loaded.identity}" for name in names if (loaded := _entry_point(name)) is not None)


def _builtin(name: str) -> _Loaded:
    def load() -> Any:
        from digest import builtin_plugins

        return builtin_plugins.BUILTIN[name]

    return _Loaded(name, load, "built-in")


def _schema(made: Any) -> dict[str, tuple[Check, Any]]:
    """The plugin's ``config_schema``; one not of option -> (check, default) is an error."""
    schema = getattr(made, "config_schema", {})
    if not isinstance(schema, dict):
        raise DigestError(f"config_schema: {schema!r} is not a mapping of option to (check, default)")
    for option, entry in schema.items():
        if not (isinstance(entry, tuple | list) and len(entry) == 2 and callable(entry[0])):
            example = f"(is_str, {entry!r})" if isinstance(entry, str) else "(is_str, 'text')"
            raise DigestError(f"config_schema: {option}: {entry!r} is not a (check, default) pair, such as {example}")
    return dict(schema)


def _assigned_line(path: Path, name: str) -> int | None:
    """The line of the file where ``name`` is last given a value (a module's or a class's)."""
    try:
        tree = ast.parse(path.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return None
    lines = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and any(isinstance(target, ast.Name) and target.id == name
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target]))
    ]  # fmt: skip
    return max(lines, default=None)


def _instance(made: Any, name: str, options: dict[str, Any]) -> Plugin:
    if isinstance(made, type) and issubclass(made, Plugin):
        return made(name, options)
    if isinstance(made, Plugin):
        made.name, made.config = name, options
        return made
    assert isinstance(made, types.ModuleType)
    return _ModulePlugin(name, options, made)


def _hooks(site_dir: Path, config: SiteConfig, errors: list[DigestError]) -> dict[str, _Loaded]:
    found: dict[str, _Loaded] = {}
    for hook in config.hooks:
        path = (site_dir / hook.path).resolve()
        try:
            source = read_regular_file(path, hook.path, Limits.file_size)
        except ContentError as error:
            errors.append(ConfigError(f"hooks: {hook.path}: {error.message}", CONFIG_NAME, hook.line))
            continue
        name = Path(hook.path).stem
        if name in found:  # one would never run: a plugin is known by its name
            message = f"hooks: {hook.path} has the name of another hooks file ({name}); rename one of them"
            errors.append(ConfigError(message, CONFIG_NAME, hook.line))
            continue
        identity = hashlib.blake2b(source, digest_size=12).hexdigest()
        found[name] = _Loaded(name, _module_loader(name, path, hook.path), identity, Source(str(path), hook.path))
    return found


def _module_loader(name: str, path: Path, shown: str) -> Callable[[], Any]:
    def load() -> Any:
        spec = importlib.util.spec_from_file_location(f"digest_hooks_{name}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        # Known by its name while it runs, as an imported module is (dataclasses, pickle and
        # ``from __future__ import annotations`` look a class's module up there).
        sys.modules[spec.name] = module
        try:
            spec.loader.exec_module(module)
        except SyntaxError as error:
            raise DigestError(f"SyntaxError: {error.msg}", shown, error.lineno) from None
        except (Exception, SystemExit) as error:  # raised while the file runs: where in it
            raise DigestError(f"{type(error).__name__}: {error}", shown, _line_in(error, path)) from None
        plugin_class = next(
            (
                value
                for value in vars(module).values()
                if isinstance(value, type) and issubclass(value, Plugin) and value is not Plugin
                and value.__module__ == module.__name__
            ),
            None,
        )  # fmt: skip
        made = plugin_class or module
        problems = _misnamed_events(made, shown)
        if problems:
            raise problems[0]
        try:
            _schema(made)
        except DigestError as error:
            raise DigestError(error.message, shown, _assigned_line(path, "config_schema")) from None
        if made is module and not any(callable(getattr(module, hook, None)) for hook in HOOKS):
            raise DigestError(
                f"defines no plugin: a Plugin subclass, or functions named after its events ({', '.join(HOOKS)})", shown
            )
        return made

    return load


def _line_in(error: BaseException, path: Path) -> int | None:
    """The last line of ``path`` that the exception's traceback passed through."""
    line = None
    for frame, number in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename == str(path):
            line = number
    return line


def _misnamed_events(made: Any, shown: str) -> list[DigestError]:
    """A function named like an event that is none (``on_page_render``): it would never run."""
    members = vars(made) if isinstance(made, types.ModuleType) else {
        name: value for cls in reversed(made.__mro__) if cls not in (Plugin, object) for name, value in vars(cls).items()
    }  # fmt: skip
    problems = []
    for name, value in members.items():
        if name.startswith("on_") and callable(value) and name not in EVENTS:
            near = nearest(name, EVENTS)
            hint = f"did you mean {near}?" if near else f"the events: {', '.join(EVENTS)}"
            code = getattr(value, "__code__", None)
            problems.append(
                DigestError(f"{name} is not an event ({hint})", shown, code.co_firstlineno if code else None)
            )
    return problems


def _entry_point(name: str) -> _Loaded | None:
    import importlib.metadata

    points = [point for point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP) if point.name == name]
    if not points:
        return None
    point = points[0]
    version = point.dist.version if point.dist is not None else ""
    return _Loaded(name, point.load, f"{version}\0{_module_fingerprint(point.module)}", _module_source(point.module))


def _module_source(module: str) -> Source | None:
    """An installed plugin's code: its package's folder, or its module's file."""
    package = module.partition(".")[0]
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    origin = spec.origin if spec is not None else None
    if not origin or not Path(origin).is_file():
        return None
    if Path(origin).name == "__init__.py":
        return Source(str(Path(origin).parent), package)
    return Source(origin, Path(origin).name)


def _module_fingerprint(module: str) -> str:
    """A hash of the plugin module's file, or of every module of its package: an edited plugin
    (installed editable) is another key."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return ""
    origin = spec.origin if spec is not None else None
    if not origin or not Path(origin).is_file():
        return ""
    files = [Path(origin)]
    if Path(origin).name == "__init__.py":  # a package: its other modules are the plugin too
        files = sorted(Path(origin).parent.rglob("*.py"))
    hasher = hashlib.blake2b(digest_size=12)
    for file in files:
        with contextlib.suppress(OSError):
            hasher.update(f"{file.relative_to(Path(origin).parent)}\0".encode() + file.read_bytes())
    return hasher.hexdigest()
