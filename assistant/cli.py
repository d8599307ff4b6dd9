"""`assistant`: the command line. Only parses arguments and dispatches to each command's module."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from assistant.config import get_settings
from assistant.errors import AssistantError


def _search(args: argparse.Namespace) -> int:
    from assistant.cli_search import run_search

    return run_search(args.query, k=args.k, as_json=args.json)


def _eval_retrieval(args: argparse.Namespace) -> int:
    from assistant.cli_search import run_eval_retrieval

    return run_eval_retrieval(args.file or get_settings().eval_dir / "retrieval.jsonl", show_misses=args.misses)


def _ask(args: argparse.Namespace) -> int:
    from assistant.cli_chat import run_ask

    return run_ask(args.question, args.conversation, as_json=args.json)


def _serve(args: argparse.Namespace) -> int:
    from assistant.cli_chat import run_serve

    return run_serve(args.host, args.port, workers=args.workers, insecure=args.insecure)


def _eval(args: argparse.Namespace) -> int:
    if args.documents:
        from assistant.cli_documents import run_documents_eval

        return run_documents_eval(args.engine, args.split, show_failures=args.failures)
    from assistant.cli_chat import run_eval

    eval_dir = get_settings().eval_dir
    paths = args.file or [eval_dir / "dev.jsonl", eval_dir / "heldout.jsonl"]
    return run_eval([path for path in paths if path.exists()], show_failures=args.failures)


def _db_upgrade(args: argparse.Namespace) -> int:
    from assistant.cli_db import run_upgrade

    return run_upgrade()


def _db_import(args: argparse.Namespace) -> int:
    from assistant.cli_db import run_import

    return run_import(args.file)


def parser() -> argparse.ArgumentParser:
    """The argument parser with one subparser per command."""
    root = argparse.ArgumentParser(prog="assistant", description="Fintech Report Assistant.")
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    search = commands.add_parser("search", help="show the report passages that best match a query")
    search.add_argument("query", help="the question or keywords (English or Chinese)")
    search.add_argument("--k", type=int, default=5, help="how many passages (default 5)")
    search.add_argument("--json", action="store_true", help="print a JSON list instead of text")
    search.set_defaults(func=_search)

    evaluation = commands.add_parser("eval-retrieval", help="recall@5 and MRR of the built index")
    evaluation.add_argument(
        "--file", type=Path, help="labelled queries (default: retrieval.jsonl in ASSISTANT_EVAL_DIR)"
    )
    evaluation.add_argument("--misses", action="store_true", help="also list queries missed in the top 5")
    evaluation.set_defaults(func=_eval_retrieval)

    ask = commands.add_parser("ask", help="answer one question")
    ask.add_argument("question", help="the question (English or Chinese)")
    ask.add_argument("--json", action="store_true", help="print the whole answer as JSON")
    ask.add_argument("--conversation", help="continue this conversation id")
    ask.set_defaults(func=_ask)

    serve = commands.add_parser("serve", help="start the HTTP server")
    serve.add_argument("--host", help="address to listen on (default ASSISTANT_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default ASSISTANT_PORT or 8000)")
    serve.add_argument(
        "--workers", type=int, help="worker processes (default ASSISTANT_WORKERS or 1; more: use a Chroma server)"
    )
    serve.add_argument(
        "--insecure",
        action="store_true",
        help="allow listening on a non-loopback address without ASSISTANT_API_KEYS",
    )
    serve.set_defaults(func=_serve)

    qa = commands.add_parser("eval", help="accuracy, grounding, citations and latency of chat answers")
    qa.add_argument(
        "--file",
        type=Path,
        action="append",
        help="a labelled question set (repeatable; default: dev.jsonl and heldout.jsonl of ASSISTANT_EVAL_DIR, "
        "reported apart)",
    )
    qa.add_argument("--failures", action="store_true", help="also list the turns that failed a check")
    qa.add_argument(
        "--documents",
        action="store_true",
        help="the questions about tests/eval/documents/ (each split reported apart) over an index of them",
    )
    qa.add_argument(
        "--engine",
        choices=("chat", "extractive"),
        default="chat",
        help="with --documents: the chat service (default) or the extractive answerer alone",
    )
    qa.add_argument(
        "--split",
        choices=("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "held-out"),
        action="append",
        help="with --documents: only this split",
    )
    qa.set_defaults(func=_eval)

    db = commands.add_parser("db", help="the database of conversations (ASSISTANT_DATABASE_URL)")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    db_commands.add_parser("upgrade", help="create or migrate its tables to this version").set_defaults(
        func=_db_upgrade
    )
    db_import = db_commands.add_parser("import", help="copy the conversations of a SQLite file into it")
    db_import.add_argument("file", type=Path, help="a conversations.sqlite3 file of a single-machine install")
    db_import.set_defaults(func=_db_import)
    return root


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `assistant` console script."""
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args))
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into a reader that stopped early (`| head`)
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
