"""Nornir task: render one host's intended configuration."""

from __future__ import annotations

from nornir.core.task import Result, Task

from citynet.errors import RenderError
from citynet.render.renderer import Renderer


def render_config(task: Task, *, renderer: Renderer) -> Result:
    """Render ``task.host`` with the workspace's templates; store it as ``host["intended"]``.

    Raises:
        RenderError: the template failed (file, line and host in the message).
    """
    view = renderer.inventory.views[task.host.name]
    rendered = renderer.render(view)
    if rendered.text is None:
        raise RenderError(str(rendered.error))
    task.host["intended"] = rendered.text
    return Result(host=task.host, result=rendered.text, changed=False)
