"""Readers for the deployment files (Dockerfile, compose.yaml, deploy/haproxy.cfg).

No container engine runs on the development machines, so the files are checked by reading
them; these helpers do the reading and leave the judging to the tests."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Instruction:
    keyword: str  # upper case, e.g. "RUN"
    args: str  # the rest, continuation lines joined


def dockerfile_instructions(path: Path = ROOT / "Dockerfile") -> list[Instruction]:
    """Instructions in order; comments dropped, backslash continuations joined."""
    out: list[Instruction] = []
    pending = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue  # a comment inside a continued instruction
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        keyword, _, args = full.partition(" ")
        out.append(Instruction(keyword.upper(), args.strip()))
    return out


def exec_form(args: str) -> list[str]:
    """The JSON (exec) form of ENTRYPOINT/CMD; the shell form is refused, as it would run the
    command under /bin/sh and lose signals (a container stop would not reach uvicorn)."""
    value = json.loads(args)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), args
    return value


def env_pairs(args: str) -> dict[str, str]:
    """`ENV A=1 B=2` pairs (the legacy `ENV A 1` form is not used in our Dockerfile)."""
    pairs: dict[str, str] = {}
    for token in shlex.split(args):
        key, sep, value = token.partition("=")
        assert sep, f"ENV without '=': {token!r}"
        pairs[key] = value
    return pairs


def compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert isinstance(data, dict)
    return data


_INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Z0-9_]+)(?P<op>:[-?])?(?P<rest>[^}]*)\}")


def interpolate(value: str, given: dict[str, str]) -> str:
    """compose's `${X}`, `${X:-default}` and `${X:?message}`, with `given` as the shell's
    environment (a missing required one is an error, as in compose)."""

    def one(m: re.Match[str]) -> str:
        name, op, rest = m["name"], m["op"], m["rest"]
        if name in given:
            return given[name]
        if op == ":-":
            return rest
        raise KeyError(f"{name} is required: {rest}")

    return _INTERPOLATION.sub(one, value)


def urls_in(command: list[str] | str) -> list[str]:
    text = command if isinstance(command, str) else " ".join(command)
    return re.findall(r"https?://[^\s'\"]+", text)


@dataclass(frozen=True)
class HaproxyServer:
    backend: str
    name: str
    host: str
    port: int


def haproxy_config(path: Path = ROOT / "deploy" / "haproxy.cfg") -> dict[str, list[str]]:
    """Section header ("backend api_live") -> its lines, comments dropped."""
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if not line[0].isspace():
            current = line.strip()
            sections[current] = []
        else:
            sections[current].append(line.strip())
    return sections


def haproxy_servers(sections: dict[str, list[str]]) -> list[HaproxyServer]:
    servers = []
    for header, lines in sections.items():
        if not header.startswith("backend "):
            continue
        for line in lines:
            parts = line.split()
            if parts[0] == "server":
                host, _, port = parts[2].rpartition(":")
                servers.append(HaproxyServer(header.split()[1], parts[1], host, int(port)))
    return servers
