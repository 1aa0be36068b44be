"""Rendering with Jinja templates: the built-in ones, overridable by a repository's own.

Templates are looked up first in the policy repository's ``templates/`` folder, then
among the built-in templates shipped in the package (the top-level ``templates/``
folder of the project). A repository template can replace a built-in one whole, or
extend it and override single blocks: ``{% extends "builtin:document.html.j2" %}``.

The environment uses ``StrictUndefined`` (a misspelt variable is an error, not an
empty string) and autoescapes every HTML template, ``*.html.j2`` included, so text
such as ``<script>`` in a regulation is shown, never run. Template syntax inside a
regulation's text (``{{ x }}``) is data, not a template: it is never rendered. Markdown
templates escape the text with the filters ``md`` (a text that starts a line),
``md_inline`` (a text inside a line) and ``md_cell`` (a table cell), as ``diff --format md``
does, so HTML in a provision (``<script>``) or a link (``[x](javascript:…)``) is shown as text.

Every template runs in a sandbox (:mod:`policydiff.render.sandbox`): no Python internals,
no files but regular ones inside ``templates/``, a time limit and a memory limit.

Every template receives the context documented in docs/TEMPLATES.md.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from policydiff.errors import PolicyDiffError
from policydiff.render.sandbox import (
    TemplateError,
    TemplateLimitError,
    TemplateRefusedError,
    limits,
    loader,
    sandbox_class,
)

__all__ = [
    "BUILTIN_PREFIX",
    "TemplateError",
    "TemplateLimitError",
    "TemplateRefusedError",
    "builtin_dir",
    "environment",
    "render",
    "template_folders",
]

BUILTIN_PREFIX = "builtin:"


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

    builtin = loader(builtin_dir())
    loaders: list[jinja2.BaseLoader] = [] if own is None else [loader(own, regular_only=True)]
    loaders.append(builtin)
    prefixed = jinja2.PrefixLoader({"builtin": builtin}, delimiter=":")
    env = sandbox_class()(
        loader=jinja2.ChoiceLoader([prefixed, *loaders]),
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = _md
    env.filters["md_inline"] = _md_inline
    env.filters["md_cell"] = _md_cell
    return env


def _md(text: str) -> str:
    """*text* as Markdown shows it literally, each of its lines able to start a line."""
    from policydiff.compare.formats import md_escape

    return "\n".join(md_escape(line) for line in str(text).split("\n"))


def _md_inline(text: str) -> str:
    """*text* as Markdown shows it literally inside a line (the lines after its first as :func:`_md`)."""
    from policydiff.compare.formats import md_escape, md_inline

    first, *rest = str(text).split("\n")
    return "\n".join([md_inline(first), *(md_escape(line) for line in rest)])


def _md_cell(text: str) -> str:
    """*text* as Markdown shows it literally in a table cell, its line breaks as ``<br>``."""
    from policydiff.compare.formats import md_inline

    return md_inline(str(text)).replace("\n", "<br>")


def template_folders(root: Path | None = None) -> list[Path]:
    """The folders templates are read from for *root*: its own ``templates/`` (if any), then the built-in ones."""
    own = root / "templates" if root is not None else None
    return [own, builtin_dir()] if own is not None and own.is_dir() else [builtin_dir()]


def render(name: str, context: dict[str, Any], root: Path | None = None) -> str:
    """Render template *name* with *context*; a :class:`TemplateError` on any template fault."""
    import jinja2
    from jinja2.exceptions import SecurityError

    env = environment(root)
    try:
        with limits():
            return str(env.get_template(name).render(**context))
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"no template named {exc.name!r}") from None
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.name or exc.filename}:{exc.lineno}: " if exc.lineno else ""
        raise TemplateError(f"{where}template syntax error: {exc.message}") from None
    except SecurityError as exc:
        raise TemplateError(f"{_template_frame(exc, name)}template refused by the sandbox: {exc.message}") from None
    except TemplateLimitError as exc:
        raise TemplateLimitError(f"{_template_frame(exc, name)}template stopped: {exc.message}") from None
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
