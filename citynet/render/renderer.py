"""Render hosts' configurations; template errors name the template file, line and host.

A host whose template fails gets no configuration at all (never a partial one).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from jinja2.exceptions import SecurityError

from citynet.diagnostics import Diagnostic
from citynet.inventory.model import HostView, Inventory
from citynet.ios.secrets import SecretNameError
from citynet.render.context import Topology, build_topology, host_context
from citynet.render.environment import make_environment

T = TypeVar("T")


@dataclass(frozen=True)
class Rendered:
    """The outcome for one host: its configuration, or the error that prevented it."""

    host: str
    template: str
    text: str | None
    error: Diagnostic | None = None


def template_for(env: jinja2.Environment, view: HostView) -> str:
    """``<platform>/<role>.j2`` if the templates have one, else ``roles/<role>.j2``."""
    specific = f"{view.platform}/{view.role}.j2"
    if specific in _listing(env):
        return specific
    return f"roles/{view.role}.j2"


def _listing(env: jinja2.Environment) -> set[str]:
    cached: set[str] | None = getattr(env, "_citynet_listing", None)
    if cached is None:
        cached = set(env.list_templates())
        env._citynet_listing = cached  # type: ignore[attr-defined]
    return cached


class Renderer:
    """Renders hosts of one inventory with one template folder."""

    def __init__(
        self, inventory: Inventory, templates_dir: Path, cache_dir: Path | None = None
    ) -> None:
        self.inventory = inventory
        self.templates_dir = templates_dir
        self.env = make_environment(templates_dir, cache_dir)
        self.topology: Topology = build_topology(inventory)

    def precompile(self) -> None:
        """Compile every template now (so forked workers inherit them compiled).

        A template that does not compile is left for :meth:`render` to report per host.
        """
        for name in _listing(self.env):
            if name.endswith(".j2"):
                with contextlib.suppress(jinja2.TemplateError):
                    self.env.get_template(name)

    def render(self, view: HostView) -> Rendered:
        """Render one host; never raises for template or data problems."""
        name = template_for(self.env, view)
        try:
            template = self.env.get_template(name)
            text = render_capped(template, host_context(self.inventory, view, self.topology))
        except jinja2.TemplateSyntaxError as exc:
            return Rendered(view.name, name, None, self._syntax(exc, view))
        except Exception as exc:
            return Rendered(view.name, name, None, self._runtime(exc, view, name))
        clear = clear_secret(text)
        if clear is not None:
            lineno, shown = clear
            return Rendered(
                view.name,
                name,
                None,
                Diagnostic(
                    self._display(self.templates_dir / name),
                    None,
                    f"the rendered config holds a secret in clear at its line {lineno} ({shown})",
                    "write secret('name') in the template: secrets are never in golden "
                    "configs, only filled in when pushing",
                    host=view.name,
                ),
            )
        return Rendered(view.name, name, text)

    def _display(self, path: Path | str) -> str:
        path = Path(path)
        try:
            return str(path.resolve().relative_to(self.templates_dir.resolve().parent))
        except ValueError:
            return str(path)

    def _syntax(self, exc: jinja2.TemplateSyntaxError, view: HostView) -> Diagnostic:
        where = self._display(exc.filename or self.templates_dir / (exc.name or "?"))
        return Diagnostic(
            where,
            exc.lineno,
            f"template syntax error: {exc.message}",
            "fix the template",
            host=view.name,
        )

    def _runtime(self, exc: Exception, view: HostView, name: str) -> Diagnostic:
        root = str(self.templates_dir.resolve()) + os.sep
        frames = [
            f
            for f in traceback.extract_tb(exc.__traceback__)
            if f.filename and os.path.abspath(f.filename).startswith(root)
        ]
        if frames:
            file, line = self._display(frames[-1].filename), frames[-1].lineno
        else:
            file, line = self._display(self.templates_dir / name), None
        if isinstance(exc, jinja2.TemplateNotFound):
            message = f"template {exc.name!r} not found"
            hint = "add it under templates/ or correct the name"
        elif isinstance(exc, SecurityError):
            message = f"refused by the template sandbox: {_one_line(str(exc))}"
            if _MUTATION.search(str(exc)):
                hint = (
                    "templates cannot change values: build a new one, use namespace(), or "
                    "compute it in citynet/render/context.py"
                )
            else:
                hint = (
                    "templates may use the host's variables, Jinja's and citynet's filters "
                    "only; Python internals are out of their reach"
                )
        elif isinstance(exc, SecretNameError):
            message = f"bad secret name: {_one_line(str(exc))}"
            hint = (
                "name the secret in lowercase letters, digits and _ (the push reads it "
                "from CITYNET_SECRET_<NAME>)"
            )
        elif isinstance(exc, jinja2.UndefinedError):
            message = f"undefined variable: {exc.message}"
            hint = (
                "define it in the inventory (defaults, a group, the site or the host) "
                "or correct the name in the template"
            )
        else:
            message = f"{type(exc).__name__}: {_one_line(str(exc))}"
            hint = (
                "check the value the template receives from the inventory (citynet "
                f"inventory show {view.name})"
            )
        return Diagnostic(file, line, message, hint, host=view.name)


MAX_RENDER_BYTES = 16 * 1024 * 1024
"""The largest configuration a template may render (the City's largest is about 60 KB)."""


def render_capped(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render, refusing output past :data:`MAX_RENDER_BYTES` (a loop that never stops growing).

    Raises:
        SecurityError: the template produced more than the limit.
    """
    stream = template.generate(context)
    parts: list[str] = []
    size = 0
    while True:
        batch = list(itertools.islice(stream, 512))
        if not batch:
            return "".join(parts)
        text = "".join(batch)
        size += len(text)
        if size > MAX_RENDER_BYTES:
            raise SecurityError(
                f"the template rendered more than {MAX_RENDER_BYTES // (1024 * 1024)} MB"
            )
        parts.append(text)


def clear_secret(text: str) -> tuple[int, str] | None:
    """The first line of a rendered config holding a secret value in clear, masked.

    >>> clear_secret("hostname a\\nsnmp-server community public RO\\n")
    (2, 'snmp-server community <redacted> RO')
    >>> clear_secret("enable secret <redacted>\\n") is None
    True
    """
    from citynet.ios.redact import redact_config, redact_line

    if redact_config(text) == text:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        masked = redact_line(line)
        if masked != line:
            return number, masked.strip()
    return None


_MUTATION = re.compile(r"attribute '[a-z]\w*' of '(list|dict|set|deque)' object")


def _one_line(text: str, limit: int = 300) -> str:
    """An exception's message as one line of an error report (escaped, shortened)."""
    if not text.isprintable():
        text = repr(text)[1:-1]
    return text if len(text) <= limit else text[:limit] + "..."


_WORKER: tuple[Renderer, Callable[[Rendered], Any] | None] | None = None


def _init_worker(renderer: Renderer, then: Callable[[Rendered], Any] | None = None) -> None:
    global _WORKER
    _WORKER = (renderer, then)


def _render_chunk(names: list[str]) -> list[tuple[Rendered, Any, float]]:
    assert _WORKER is not None
    renderer, then = _WORKER
    return [_render_one(renderer, renderer.inventory.views[n], then) for n in names]


def _render_one(
    renderer: Renderer, view: HostView, then: Callable[[Rendered], Any] | None
) -> tuple[Rendered, Any, float]:
    start = time.process_time()
    rendered = renderer.render(view)
    seconds = time.process_time() - start
    return rendered, (then(rendered) if then is not None else None), seconds


def render_all(
    inventory: Inventory,
    templates_dir: Path,
    views: Sequence[HostView],
    *,
    workers: int = 0,
    cache_dir: Path | None = None,
) -> list[Rendered]:
    """Render ``views`` (in their order), in parallel processes when there are many.

    ``workers=0`` picks the number of CPUs for 200 hosts or more, else renders in-process.
    """
    done = render_each(inventory, templates_dir, views, workers=workers, cache_dir=cache_dir)
    return [rendered for rendered, _, _ in done]


def render_each(
    inventory: Inventory,
    templates_dir: Path,
    views: Sequence[HostView],
    then: Callable[[Rendered], T] | None = None,
    *,
    workers: int = 0,
    cache_dir: Path | None = None,
) -> list[tuple[Rendered, T | None, float]]:
    """Render ``views`` as :func:`render_all` does, and run ``then`` on each result where
    it was rendered (in the same worker process: the text is never sent twice).

    Each item is the rendered host, what ``then`` returned and the CPU seconds its
    rendering took.

    ``then`` reaches forked workers by inheritance, never by pickling, so it may be
    any callable (a closure over the inventory, the rules ...); what it returns is
    sent back and must pickle.
    """
    renderer = Renderer(inventory, templates_dir, cache_dir)
    if workers == 0:
        workers = (os.cpu_count() or 1) if len(views) >= 200 else 1
    if workers <= 1:
        return [_render_one(renderer, view, then) for view in views]
    renderer.precompile()
    names = [view.name for view in views]
    size = max(1, len(names) // (workers * 4))
    chunks = [names[i : i + size] for i in range(0, len(names), size)]
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork"),
        initializer=_init_worker,
        initargs=(renderer, then),
    ) as pool:
        return [item for chunk in pool.map(_render_chunk, chunks) for item in chunk]
