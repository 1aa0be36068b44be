"""One example line for each command's ``--help`` (click's ``\\b`` keeps it as written).

They use the documents this project keeps under ``documents/``; ``tests/test_cli_help.py`` checks
that every command has one and runs those that only read.
"""

from __future__ import annotations

import click

FJWY = "fjwy-network-ideology"

#: The command's path (``notice parse``) → its example, without the leading ``policydiff``.
EXAMPLES = {
    "apply": f"apply {FJWY} 通知.txt --dry-run",
    "blame": f"blame {FJWY} --at 2021-04-01",
    "build": "build -o site --search",
    "check": "check --format github",
    "diff": f"diff {FJWY} v1 v2 --color always | less -R",
    "draft": f"draft {FJWY} v1 v2 -o notice.txt",
    "import": "import 细则.txt --id tongshi-network-ideology --date 2020-12-31",
    "init": "init my-regulations",
    "list": "list --json",
    "log": f"log {FJWY}",
    "notice": "notice parse 通知.txt -o notice.yaml",
    "notice check": "notice check 通知.txt",
    "notice parse": "notice parse 通知.txt -o notice.yaml",
    "notices": "notices --today 2021-06-01",
    "render": f"render {FJWY} --template compare.md.j2",
    "repeal": f"repeal {FJWY} --by 废止决定.txt --date 2024-01-01",
    "revise": f"revise {FJWY} 修订稿.txt --date 2023-01-01 --dry-run",
    "serve": "serve --port 8000",
    "show": f"show {FJWY} --at 2021-04-01",
    "textconv": f"textconv documents/{FJWY}/document.yaml",
}


def add_examples(command: click.Command, path: str) -> None:
    """Append ``Example:`` and the example line to the help of *command* (named *path*, as
    ``notice parse``) and of every command of it if it is a group."""
    example = EXAMPLES[path]  # a KeyError here: a command without an example
    text = f"\b\nExample:\n  policydiff {example}"
    command.epilog = f"{command.epilog}\n\n{text}" if command.epilog else text
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            add_examples(sub, f"{path} {name}")
