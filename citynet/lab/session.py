"""An interactive IOS CLI session: echo, prompts, exec commands and configuration mode."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from citynet.lab import archive
from citynet.lab.cli_parser import USER_EXEC, Parsed, apply_pipe, resolve, split_pipe
from citynet.lab.config_engine import CommandError, ConfigEditor
from citynet.lab.device import LabDevice
from citynet.lab.filesystem import split_url
from citynet.lab.shows.registry import run_show
from citynet.lab.shows.request import ShowRequest
from citynet.lab.urls import canonical_url, read_url

LOG = logging.getLogger(__name__)
CRLF = "\r\n"
MORE = " --More-- "
LineHandler = Callable[[str], str]
_REPLACE_WARNING = (
    "This will apply all necessary additions and deletions\n"
    "to replace the current running configuration with the\n"
    "contents of the specified configuration file, which is\n"
    "assumed to be a complete configuration, not a partial\n"
    "configuration. Enter Y if you are sure you want to proceed. ? [no]: "
)


class SessionClosed(Exception):
    """The session ended (``exit``, a fault, or the peer went away)."""


def crlf(text: str) -> str:
    """Normalise line ends to CRLF, as a terminal sees them."""
    return text.replace("\r\n", "\n").replace("\n", CRLF)


class CliSession:
    """One SSH shell on a device.

    The transport calls :meth:`feed` with received characters and runs :meth:`run`
    as a task; output goes through ``send`` and ``close`` ends the channel.
    """

    def __init__(
        self,
        device: LabDevice,
        user: str,
        send: Callable[[str], None],
        close: Callable[[], None],
    ) -> None:
        """Start a session for ``user`` at the login privilege level."""
        self.device = device
        self.user = user
        self.send = send
        self.close = close
        self.privileged = device.credentials.privilege >= 15
        self.editor: ConfigEditor | None = None
        self.pending: LineHandler | None = None
        self.pending_prompt = ""
        self.secret_input = False
        self.term_length = 24
        self.term_width = 80
        self.config_lines = 0
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._line = ""
        self._last_cr = False
        self._more: list[str] = []

    # -- transport side -----------------------------------------------------------
    def feed(self, data: str) -> None:
        """Queue received characters."""
        self._queue.put_nowait(data)

    def eof(self) -> None:
        """The peer closed its side."""
        self._queue.put_nowait(None)

    def greeting(self) -> str:
        """What the device prints right after login."""
        banner = self.device.running.find("banner motd")
        text = ""
        if banner is not None:
            body = banner.text.split("^C", 1)[1].rsplit("^C", 1)[0]
            text = crlf(body) + CRLF
        return text + CRLF + self.prompt()

    def prompt(self) -> str:
        """The prompt for the current mode; it follows ``hostname``."""
        host = self.device.hostname
        if self.editor is not None:
            return f"{host[:20]}({self.editor.mode})#"
        return host + ("#" if self.privileged else ">")

    async def run(self) -> None:
        """Process input until the session closes."""
        self.send(self.greeting())
        try:
            while True:
                data = await self._queue.get()
                if data is None:
                    break
                for char in data:
                    await self._char(char)
        except SessionClosed:
            pass
        finally:
            self.editor = None
            self.close()

    async def _char(self, char: str) -> None:
        if self.device.faults.hang:
            return
        if self._more:
            if char == "\n" and self._last_cr:
                self._last_cr = False
                return
            self._last_cr = char == "\r"
            self._more_key(char)
            return
        if char in "\r\n":
            if char == "\n" and self._last_cr:
                self._last_cr = False
                return
            self._last_cr = char == "\r"
            line, self._line = self._line, ""
            self.send(CRLF)
            await self._line_done(line)
            return
        self._last_cr = False
        if char in "\x08\x7f":
            if self._line:
                self._line = self._line[:-1]
                if not self.secret_input:
                    self.send("\x08 \x08")
            return
        if char == "\x1a":
            self._line = ""
            if self.editor is not None:
                self.send("^Z" + CRLF)
                self._leave_config()
                self.send(self.prompt())
            return
        if char == "\x03":
            self._line = ""
            return
        if char == "\t":
            char = " "
        if char < " ":
            return
        self._line += char
        if not self.secret_input:
            self.send(char)

    async def _line_done(self, line: str) -> None:
        delay = self.device.faults.delay
        if delay:
            await asyncio.sleep(delay)
        try:
            if self.pending is not None:
                handler, self.pending = self.pending, None
                self.secret_input = False
                output = handler(line)
            else:
                prompt_width = len(self.prompt())
                output = self.execute(line, prompt_width)
        except SessionClosed:
            raise
        except Exception:  # a simulator bug must not hang the client
            LOG.exception("lab device %s failed on %r", self.device.name, line)
            output = "% Error in command processing"
        text = crlf(output)
        if text and not text.endswith(CRLF):
            text += CRLF
        if self.pending is not None:
            self.send(text + self.pending_prompt)
        elif self.editor is not None and self.editor.in_banner:
            self.send(text)
        elif self.term_length and text.count(CRLF) >= self.term_length:
            self._more = text.split(CRLF)[:-1]
            self._page(self.term_length - 1)
        else:
            self.send(text + self.prompt())

    def _page(self, count: int) -> None:
        """Print ``count`` more lines of paged output, then ``--More--`` or the prompt."""
        lines, self._more = self._more[:count], self._more[count:]
        out = "".join(line + CRLF for line in lines)
        if self._more:
            self.send(out + MORE)
        else:
            self.send(out + self.prompt())

    def _more_key(self, char: str) -> None:
        """Answer a key pressed at ``--More--``: space pages, Enter scrolls, others stop."""
        self.send("\x08" * len(MORE) + " " * len(MORE) + "\x08" * len(MORE))
        if char == " ":
            self._page(self.term_length - 1)
        elif char in "\r\n":
            self._page(1)
        else:
            self._more = []
            self.send(self.prompt())

    def ask(self, prompt: str, handler: LineHandler, *, secret: bool = False) -> str:
        """Ask a question; the next line goes to ``handler``. Returns text to print before."""
        self.pending = handler
        self.pending_prompt = prompt
        self.secret_input = secret
        return ""

    # -- dispatch -----------------------------------------------------------------
    def execute(self, line: str, prompt_width: int = 0) -> str:
        """Run one line in the current mode and return its output."""
        if self.editor is not None:
            return self._config_line(line, prompt_width)
        if not line.strip():
            return ""
        return self._exec_line(line, prompt_width)

    def _error(self, error: CommandError, prompt_width: int) -> str:
        return error.render(prompt_width).replace(CRLF, "\n")

    def _exec_line(self, line: str, prompt_width: int) -> str:
        split = split_pipe(line)
        if isinstance(split, CommandError):
            return self._error(split, prompt_width)
        command, pipe = split
        allowed = None if self.privileged else USER_EXEC
        parsed = resolve(command, allowed=allowed)
        if isinstance(parsed, CommandError):
            if parsed.kind == "invalid" and pipe is None and len(command.split()) == 1:
                return self._unknown_word(command.strip())
            return self._error(parsed, prompt_width)
        if pipe is not None and parsed.keywords[0] not in ("show", "more"):
            return self._error(CommandError("invalid", len(command) + 1), prompt_width)
        output = self._exec(parsed, prompt_width)
        if isinstance(output, CommandError):
            return self._error(output, prompt_width)
        return apply_pipe(output, pipe) if pipe else output

    def _exec(self, cmd: Parsed, prompt_width: int) -> str | CommandError:
        first = cmd.keywords[0]
        handler = _EXEC_HANDLERS.get(first)
        if handler is None:
            return "% This command is not supported on this device."
        return handler(self, cmd, prompt_width)

    # -- configuration mode -------------------------------------------------------
    def _enter_config(self) -> str:
        self.editor = ConfigEditor(
            self.device.running, strict=True, default_on=self.device.default_on, semantic=True
        )
        self.config_lines = 0
        return "Enter configuration commands, one per line.  End with CNTL/Z."

    def _leave_config(self) -> None:
        self.editor = None
        self.device.touched(self.user)
        self.device.persist()

    def _config_line(self, line: str, prompt_width: int) -> str:
        assert self.editor is not None
        editor = self.editor
        stripped = line.strip()
        if not editor.in_banner:
            if not stripped:
                return ""
            words = stripped.split()
            if words[0].lower() == "do" and len(words) > 1:
                offset = line.index(words[1])
                saved, self.editor = self.editor, None
                was, self.privileged = self.privileged, True
                try:
                    return self._exec_line(line[offset:], prompt_width + offset)
                finally:
                    self.editor, self.privileged = saved, was
            self.config_lines += 1
            limit = self.device.faults.drop_after_config_lines
            if limit is not None and self.config_lines >= limit:
                raise SessionClosed
            if self.device.faults.rejects(stripped):
                return self._error(CommandError("invalid", 0), prompt_width)
        if editor.root is not self.device.running:
            editor.root = self.device.running
            editor.reset()
        result = editor.apply(line)
        if result.error is not None:
            return self._error(result.error, prompt_width)
        if result.exit_config:
            self._leave_config()
        return result.message

    # -- exec commands ------------------------------------------------------------
    def _unknown_word(self, word: str) -> str:
        """IOS takes a lone unknown word for a host name to connect to."""
        unknown = "% Unknown command or computer name, or unable to find computer address"
        lookup_off = any(
            c.text in ("no ip domain lookup", "no ip domain-lookup")
            for c in self.device.running.children
        )
        if lookup_off:
            return unknown
        return f'Translating "{word}"...domain server (255.255.255.255)\n{unknown}'

    def cmd_enable(self, cmd: Parsed, prompt_width: int) -> str:
        """``enable``: ask for the enable secret (three tries, as IOS)."""
        if self.privileged:
            return ""

        def check(secret: str, attempt: int = 1) -> str:
            if secret == self.device.credentials.enable_secret:
                self.privileged = True
                return ""
            if attempt >= 3:
                return "% Bad secrets\n"
            return self.ask("Password: ", lambda s: check(s, attempt + 1), secret=True)

        return self.ask("Password: ", check, secret=True)

    def cmd_disable(self, cmd: Parsed, prompt_width: int) -> str:
        """``disable``."""
        self.privileged = False
        return ""

    def cmd_exit(self, cmd: Parsed, prompt_width: int) -> str:
        """``exit`` / ``logout``."""
        raise SessionClosed

    def cmd_terminal(self, cmd: Parsed, prompt_width: int) -> str:
        """``terminal length|width N``."""
        what = cmd.keywords[1]
        if what in ("length", "width"):
            if not cmd.args:
                return self._error(CommandError("incomplete"), prompt_width)
            if not cmd.args[0].isdigit():
                pos = prompt_width + 0
                return self._error(CommandError("invalid", pos - prompt_width), prompt_width)
            if what == "length":
                self.term_length = int(cmd.args[0])
            else:
                self.term_width = int(cmd.args[0])
        return ""

    def cmd_configure(self, cmd: Parsed, prompt_width: int) -> str:
        """``configure terminal|replace|confirm|revert``."""
        what = cmd.keywords[1]
        args = [a.lower() for a in cmd.args]
        device = self.device
        if what == "terminal":
            if args[:2] == ["revert", "timer"] and len(args) >= 3 and args[2].isdigit():
                if not (archive.archive_settings(device.running) or {}).get("path"):
                    return "Archive feature not enabled"  # IOS needs the archive path
                device.start_revert_timer(int(args[2]), self.user)
            elif args:
                return self._error(CommandError("invalid", 0), prompt_width)
            return self._enter_config()
        if what == "memory":
            device.merge(device.startup_text, self.user)
            return ""
        if what == "confirm":
            device.confirm()
            return ""
        if what == "revert":
            if args[:1] == ["now"]:
                if not device.revert_now():
                    return "%No Rollback Confirmed Change pending"
                return "Rollback Done"
            if args[:1] == ["timer"] and len(args) >= 2 and args[-1].isdigit():
                if not device.reset_revert_timer(int(args[-1])):
                    return "%No Rollback Confirmed Change pending"
                return ""
            return self._error(CommandError("incomplete"), prompt_width)
        if what == "replace":
            return self._configure_replace(list(cmd.args), prompt_width)
        return self._error(CommandError("invalid", 0), prompt_width)

    def _configure_replace(self, args: list[str], prompt_width: int) -> str:
        if not args:
            return self._error(CommandError("incomplete"), prompt_width)
        url, options = args[0], [a.lower() for a in args[1:]]
        text = read_url(self.device, url)
        if text is None:
            return f"%Error opening {url} (No such file or directory)"
        timer: int | None = None
        for key in ("timer", "time"):
            if key in options:
                index = options.index(key)
                if index + 1 < len(options) and options[index + 1].isdigit():
                    timer = int(options[index + 1])
        trigger = "trigger" in options
        has_path = bool((archive.archive_settings(self.device.running) or {}).get("path"))
        if (timer is not None or trigger) and not has_path:
            return "%Please turn config archive on"

        def proceed() -> str:
            before = self.device.running_text()
            outcome = self.device.replace(text, self.user, trigger_error=trigger)
            lines: list[str] = []
            for bad in outcome.rejected:
                lines.append(f"Failed to apply command {bad.strip()}")
            if outcome.restored:
                lines.append(
                    "%Rollback not successful: the original configuration has been "
                    "successfully restored."
                )
                return "\n".join(lines)
            if timer is not None:
                self.device.start_revert_timer(timer, self.user, before)
            self.device.persist()
            lines += ["", "Total number of passes: 1", "Rollback Done", ""]
            return "\n".join(lines)

        if "force" in options:
            return proceed()

        def answer(reply: str) -> str:
            return proceed() if reply.strip().lower().startswith("y") else ""

        return self.ask(_REPLACE_WARNING, answer)

    def cmd_write(self, cmd: Parsed, prompt_width: int) -> str:
        """``write [memory|terminal|erase]``."""
        what = cmd.keywords[1] if len(cmd.keywords) > 1 else "memory"
        if what == "terminal":
            return self.device.show_running()
        if what == "erase":
            self.device.startup_text = ""
            return "[OK]"
        self.device.write_memory()
        return "Building configuration...\n[OK]"

    # -- files ---------------------------------------------------------------------
    def _file_prompt_quiet(self) -> bool:
        return self.device.running.find("file prompt") is not None and any(
            c.text == "file prompt quiet" for c in self.device.running.children
        )

    def cmd_copy(self, cmd: Parsed, prompt_width: int) -> str:
        """``copy SOURCE DESTINATION``."""
        args = [a for a in cmd.args if not a.startswith("/")]
        if len(args) < 2:
            return self._error(CommandError("incomplete"), prompt_width)
        source, dest = canonical_url(self.device, args[0]), canonical_url(self.device, args[1])
        if source is None:
            return f"%Error opening {args[0]} (No such file or directory)"
        if dest is None:
            return f"%Error opening {args[1]} (Permission denied)"
        text = read_url(self.device, args[0])
        if text is None:
            return f"%Error opening {args[0]} (No such file or directory)"
        default = dest if ":" not in dest else split_url(dest)[1]

        def do_copy(reply: str) -> str:
            target = dest
            if reply.strip() and ":" in dest:
                target = self.device.flash.name + "/" + split_url(reply.strip())[1]
            return self._copy(source, target, text)

        if self._file_prompt_quiet() or dest == "null:":
            return do_copy("")
        return self.ask(f"Destination filename [{default}]? ", do_copy)

    def _copy(self, source: str, dest: str, text: str) -> str:
        size = len(text.encode())
        copied = f"{size} bytes copied in 0.035 secs ({size * 28} bytes/sec)"
        if dest == "running-config":
            rejected = self.device.merge(text, self.user)
            self.device.persist()
            out = [
                f"{bad.strip()}\n ^\n% Invalid input detected at '^' marker.\n" for bad in rejected
            ]
            return "\n".join([*out, copied])
        if dest == "startup-config":
            if source == "running-config":
                self.device.write_memory()
                return "Building configuration...\n[OK]"
            self.device.startup_text = text
            self.device.persist()
            return copied
        if dest == "null:":
            return ""
        self.device.flash.write(split_url(dest)[1], text.encode())
        self.device.persist()
        return copied

    def cmd_dir(self, cmd: Parsed, prompt_width: int) -> str:
        """``dir [flash:[/file]]``."""
        url = next((a for a in cmd.args if not a.startswith("/")), self.device.flash.name)
        fs, path = split_url(url)
        if fs and not self.device.flash.owns(fs):
            return f"%Error opening {url} (No such device)"
        listing = self.device.flash.dir_listing(path)
        if listing is None:
            return f"%Error opening {url} (No such file or directory)"
        return listing

    def cmd_more(self, cmd: Parsed, prompt_width: int) -> str:
        """``more URL``."""
        if not cmd.args:
            return self._error(CommandError("incomplete"), prompt_width)
        text = read_url(self.device, cmd.args[-1])
        if text is None:
            return f"%Error opening {cmd.args[-1]} (No such file or directory)"
        return text

    def cmd_verify(self, cmd: Parsed, prompt_width: int) -> str:
        """``verify /md5 URL``."""
        args = list(cmd.args)
        if not args or args[0].lower() != "/md5" or len(args) < 2:
            return self._error(CommandError("incomplete"), prompt_width)
        url = args[1]
        fs, path = split_url(url)
        digest = self.device.flash.md5(path) if self.device.flash.owns(fs) else None
        if digest is None:
            return f"%Error opening {url} (No such file or directory)"
        return "." * 8 + "MD5 of " + url + " Done!\n" + f"verify /md5 ({url}) = {digest}"

    def cmd_delete(self, cmd: Parsed, prompt_width: int) -> str:
        """``delete [/force] URL``."""
        args = [a for a in cmd.args if not a.startswith("/")]
        if not args:
            return self._error(CommandError("incomplete"), prompt_width)
        fs, path = split_url(args[0])
        if not self.device.flash.owns(fs):
            return f"%Error deleting {args[0]} (No such device)"

        def remove(_: str = "") -> str:
            if not self.device.flash.delete(path):
                return f"%Error deleting {args[0]} (No such file or directory)"
            self.device.persist()
            return ""

        if "/force" in [a.lower() for a in cmd.args] or self._file_prompt_quiet():
            return remove()
        return self.ask(
            f"Delete filename [{path}]? ",
            lambda _: self.ask(f"Delete {fs}/{path}? [confirm]", remove),
        )

    def cmd_archive(self, cmd: Parsed, prompt_width: int) -> str:
        """``archive config``."""
        if self.device.archive_config() is None:
            return "Archive feature not enabled"
        return ""

    def cmd_ping(self, cmd: Parsed, prompt_width: int) -> str:
        """``ping`` (always succeeds inside the lab)."""
        if not cmd.args:
            return self._error(CommandError("incomplete"), prompt_width)
        return (
            "Type escape sequence to abort.\n"
            f"Sending 5, 100-byte ICMP Echos to {cmd.args[0]}, timeout is 2 seconds:\n"
            "!!!!!\nSuccess rate is 100 percent (5/5), round-trip min/avg/max = 1/1/2 ms"
        )

    # -- show ------------------------------------------------------------------------
    def cmd_show(self, cmd: Parsed, prompt_width: int) -> str | CommandError:
        """``show ...``: the command the registry holds for the expanded keywords."""
        request = ShowRequest(
            self.device,
            cmd.args,
            cmd.columns,
            privileged=self.privileged,
            term_length=self.term_length,
            term_width=self.term_width,
        )
        return run_show(cmd.keywords[1:], request)


_ExecHandler = Callable[[CliSession, Parsed, int], str | CommandError]
_EXEC_HANDLERS: dict[str, _ExecHandler] = {
    "enable": CliSession.cmd_enable,
    "disable": CliSession.cmd_disable,
    "exit": CliSession.cmd_exit,
    "logout": CliSession.cmd_exit,
    "quit": CliSession.cmd_exit,
    "terminal": CliSession.cmd_terminal,
    "configure": CliSession.cmd_configure,
    "write": CliSession.cmd_write,
    "copy": CliSession.cmd_copy,
    "dir": CliSession.cmd_dir,
    "more": CliSession.cmd_more,
    "verify": CliSession.cmd_verify,
    "delete": CliSession.cmd_delete,
    "archive": CliSession.cmd_archive,
    "ping": CliSession.cmd_ping,
    "show": CliSession.cmd_show,
}
