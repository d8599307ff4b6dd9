"""`index-tools`: build the report index incrementally, manage the document library and show the status."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from assistant.config import get_settings
from assistant.errors import AssistantError
from assistant.retrieval.store import IndexInfo, connect, find_collection, where_index
from index_tools.builder import build_index
from index_tools.documents import list_documents, remove_document
from index_tools.progress import Progress


def _build(args: argparse.Namespace) -> int:
    """Exit 1 when a file named on the command line was skipped (a folder's unsupported files do not count)."""
    settings = get_settings()
    progress = Progress(sys.stderr, tty=sys.stderr.isatty())
    try:
        report = build_index(settings, [Path(p) for p in args.paths], rebuild=args.rebuild, progress=progress)
    finally:
        progress.close()
    for path, reason in report.skipped:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    print(report.summary())
    if report.failed:
        print(f"error: {len(report.failed)} of the files named on the command line were not indexed", file=sys.stderr)
        return 1
    return 0


def _list(args: argparse.Namespace) -> int:
    documents = list_documents(get_settings())
    if not documents:
        print("No documents. Run `index-tools build [PATH...]`.", file=sys.stderr)
        return 1
    rows = [("ID", "TITLE", "PAGES", "CHUNKS", "ADDED", "FILE", "STATUS")]
    for d in documents:
        title = d.title if len(d.title) <= 48 else d.title[:47] + "…"
        added = d.added.replace("T", " ").replace("+00:00", " UTC") if d.added else "bundled"
        rows.append((d.id, title, str(d.pages or "-"), str(d.chunks), added, d.file_name, d.status))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1])
    return 0


def _remove(args: argparse.Namespace) -> int:
    removed = remove_document(get_settings(), args.document)
    print(f"Removed {removed.id} ({removed.file_name}, {removed.chunks} chunks).")
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
    build.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to add to the library (kept for later builds)"
    )
    build.add_argument("--rebuild", action="store_true", help="re-embed everything into a fresh collection")
    build.set_defaults(func=_build)
    listing = commands.add_parser("list", help="the indexed documents: id, title, pages, chunks, added, file")
    listing.set_defaults(func=_list)
    remove = commands.add_parser("remove", help="remove an added or uploaded document from the library and index")
    remove.add_argument("document", metavar="ID|PATH", help="the document id (see `list`), its file or file name")
    remove.set_defaults(func=_remove)
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
