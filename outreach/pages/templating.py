"""Jinja2 environments: sandboxed, autoescaped, strict, translated, with kit overrides first.

The search path is the kit's `templates/` folder, then the built-in one; a kit
template can extend the built-in file it replaces as `builtin/<name>`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import escape

from ..errors import BuildError
from ..i18n.catalogues import translations
from ..i18n.locales import format_list, isolate
from ..paths import asset_path, templates_dir


def search_path(kit_root: Path | None) -> list[Path]:
    kit_templates = kit_root / "templates" if kit_root else None
    return ([kit_templates] if kit_templates and kit_templates.is_dir() else []) + [templates_dir()]


def template_file(kit_root: Path | None, name: str) -> str:
    """The template a page is made from, as a person would look for it: the kit's, or the built-in one."""
    if kit_root and (kit_root / "templates" / name).is_file():
        return f"templates/{name}"
    return f"<built-in>/{templates_dir().name}/{name}"


def environment(kit_root: Path | None, locale: str) -> ImmutableSandboxedEnvironment:
    """Templates run in Jinja's sandbox: a kit's template can shape the page, not reach Python.

    Made again when a templates/ folder appears or a catalogue changes, so a long-running
    process never renders with stale templates or translations.
    """
    return _environment(kit_root, locale, tuple(search_path(kit_root)), translations(locale, kit_root))


@lru_cache(maxsize=64)
def _environment(
    kit_root: Path | None, locale: str, search: tuple[Path, ...], catalogue
) -> ImmutableSandboxedEnvironment:
    folders = [str(p) for p in search]
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(
            [FileSystemLoader(folders), PrefixLoader({"builtin": FileSystemLoader(str(templates_dir()))})]
        ),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # A translation is text, never markup: Jinja marks what gettext returns as safe HTML, so it is escaped
    # first (a catalogue is untrusted; `<style>` or `<script>` in a msgstr must print, not act).
    cast(Any, env).install_gettext_callables(  # a method jinja2.ext.i18n adds
        gettext=lambda message: escape(catalogue.gettext(message)),
        ngettext=lambda singular, plural, n: escape(catalogue.ngettext(singular, plural, n)),
        pgettext=lambda context, message: escape(catalogue.pgettext(context, message)),
        npgettext=lambda context, singular, plural, n: escape(catalogue.npgettext(context, singular, plural, n)),
        newstyle=True,
    )
    env.globals["asset_url"] = lambda name: asset_path(name, kit_root).as_uri()
    env.filters["ltr"] = lambda text: isolate(str(text), locale)
    env.filters["as_list"] = lambda items: format_list([str(item) for item in items], locale)
    return env


def render_template(kit_root: Path | None, locale: str, name: str, context: dict) -> str:
    env = environment(kit_root, locale)
    try:
        return env.get_template(name).render(context)
    except TemplateNotFound as exc:
        searched = ", ".join(str(p) for p in search_path(kit_root))
        raise BuildError(f"template {exc.name!r} not found", f"Searched, in order: {searched}") from None
    except TemplateSyntaxError as exc:
        raise BuildError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}") from None
    except UndefinedError as exc:
        raise BuildError(
            f"template {name!r}: {exc.message}", "Check the names the template uses (see README: templates)."
        ) from None
    except SecurityError as exc:
        raise BuildError(f"template {name!r} tried something templates may not do: {exc}") from None
    except BuildError:
        raise
    except Exception as exc:  # a designer's template is code: report its mistake, not a traceback
        raise BuildError(f"template {name!r} failed: {type(exc).__name__}: {exc}") from None
