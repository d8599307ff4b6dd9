"""`index-tools`: build the report index incrementally and show its status."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from assistant.config import get_settings
from assistant.errors import AssistantError
from assistant.retrieval.store import IndexInfo, connect, find_collection, where_index
from index_tools.builder import build_index


def _build(args: argparse.Namespace) -> int:
    settings = get_settings()
    report = build_index(settings, [Path(p) for p in args.paths], rebuild=args.rebuild, progress=sys.stderr.isatty())
    for path, reason in report.skipped:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    print(report.summary())
    if report.chunks == 0:
        print(
            f"warning: nothing was indexed; put reports in {settings.reports_dir} or pass paths",
            file=sys.stderr,
        )
    return 0


def _status(args: argparse.Namespace) -> int:
    settings = get_settings()
    collection = find_collection(connect(settings), settings.collection)
    if collection is None or collection.count() == 0:
        print(f"No index ({where_index(settings)}). Run `index-tools build`.", file=sys.stderr)
        return 1
    info = IndexInfo.of(collection)
    print(f"index:           {where_index(settings)}")
    print(f"documents:       {info.documents}")
    print(f"chunks:          {collection.count()}")
    print(f"embedding model: {info.embedding_model} ({info.dimension} dimensions)")
    print(f"built at:        {info.built_at or 'unfinished build'}")
    if info.embedding_model != settings.embedding_model:
        print(
            f"warning: {settings.embedding_model!r} is configured; run `index-tools build --rebuild`",
            file=sys.stderr,
        )
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser of `index-tools`."""
    root = argparse.ArgumentParser(prog="index-tools", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="index the reports directory and any PATHs (files or directories)")
    build.add_argument("paths", nargs="*", metavar="PATH", help="extra files or directories to index")
    build.add_argument("--rebuild", action="store_true", help="re-embed everything into a fresh collection")
    build.set_defaults(func=_build)
    status = commands.add_parser("status", help="documents, chunks, embedding model and build time")
    status.set_defaults(func=_status)
    return root


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `index-tools` console script."""
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args))
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the index still answers with what it had", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
