"""Rendering with Jinja templates: the built-in ones, overridable by a repository's own.

Templates are looked up first in the policy repository's ``templates/`` folder, then
among the built-in templates shipped in the package (the top-level ``templates/``
folder of the project). A repository template can replace a built-in one whole, or
extend it and override single blocks: ``{% extends "builtin:document.html.j2" %}``.

The environment uses ``StrictUndefined`` (a misspelt variable is an error, not an
empty string) and autoescapes every HTML template, ``*.html.j2`` included, so text
such as ``<script>`` in a regulation is shown, never run. Template syntax inside a
regulation's text (``{{ x }}``) is data, not a template: it is never rendered.

Every template receives the context documented in docs/TEMPLATES.md.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from policydiff.errors import PolicyDiffError

BUILTIN_PREFIX = "builtin:"


class TemplateError(PolicyDiffError):
    """A template that is missing or fails to render."""


def _autoescape(name: str | None) -> bool:
    if name is None:
        return False
    base = name.removeprefix(BUILTIN_PREFIX).removesuffix(".j2")
    return base.endswith((".html", ".htm", ".xml", ".svg"))


@functools.cache
def builtin_dir() -> Path:
    """Where the built-in templates are installed (the project's top-level templates/)."""
    from importlib import resources

    return Path(str(resources.files("policydiff.templates")))


@functools.cache
def _loader_class() -> Any:
    import jinja2

    class Utf8Loader(jinja2.FileSystemLoader):
        """A file loader whose undecodable template is a :class:`TemplateError` naming it."""

        def get_source(self, environment: Any, template: str) -> Any:
            try:
                return super().get_source(environment, template)
            except UnicodeDecodeError as exc:
                raise TemplateError(f"{template}: template is not valid UTF-8 (byte {exc.start + 1})") from None

    return Utf8Loader


def _loader(folder: Path) -> Any:
    """A loader of the templates in *folder* (jinja2 is imported only when rendering)."""
    return _loader_class()(folder)


def environment(root: Path | None = None) -> Any:
    """The Jinja environment for a repository at *root* (None: built-in templates only).

    One environment per template folder and process, so each template is compiled once;
    Jinja still reloads a template whose file changed since.
    """
    own = root / "templates" if root is not None else None
    if own is not None and own.is_dir():
        return _environment(Path(os.path.abspath(own)))
    return _environment(None)


@functools.lru_cache(maxsize=16)
def _environment(own: Path | None) -> Any:
    import jinja2

    builtin = _loader(builtin_dir())
    loaders: list[jinja2.BaseLoader] = [] if own is None else [_loader(own)]
    loaders.append(builtin)
    loader = jinja2.PrefixLoader({"builtin": builtin}, delimiter=":")
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([loader, *loaders]),
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def template_folders(root: Path | None = None) -> list[Path]:
    """The folders templates are read from for *root*: its own ``templates/`` (if any), then the built-in ones."""
    own = root / "templates" if root is not None else None
    return [own, builtin_dir()] if own is not None and own.is_dir() else [builtin_dir()]


def render(name: str, context: dict[str, Any], root: Path | None = None) -> str:
    """Render template *name* with *context*; a :class:`TemplateError` on any template fault."""
    import jinja2

    env = environment(root)
    try:
        return str(env.get_template(name).render(**context))
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"no template named {exc.name!r}") from None
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.name or exc.filename}:{exc.lineno}: " if exc.lineno else ""
        raise TemplateError(f"{where}template syntax error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template {name!r}: {exc.message}") from None
    except PolicyDiffError:
        raise
    except RecursionError:
        raise TemplateError(f"template {name!r}: templates include or extend each other without end") from None
    except Exception as exc:  # the template's own code failed: {{ 1/0 }}, {% for x in 5 %}
        raise TemplateError(f"{_template_frame(exc, name)}template error: {type(exc).__name__}: {exc}") from None


def _template_frame(exc: Exception, name: str) -> str:
    """``file:line: `` of the innermost template line in *exc*'s traceback (Jinja puts them there)."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.endswith(".py")]
    frames = [f for f in frames if not f.filename.startswith("<")]
    if not frames:
        return f"{name}: "
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}: "
