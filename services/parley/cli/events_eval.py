"""`parley eval` on event-level gold (`--corpus ../shared/corpus`, or files).

Prints score.py's figures for every scope (all sets, each set, the tune and set-aside
halves), then, when asked, the errors of one scope: of the tune half by default, since
the set-aside half's errors are not to be read while rules are being written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from parley.evaluation.corpus import GoldSet, load_files, load_folder
from parley.evaluation.realnews import TUNE, ScopeResult, run_scopes
from parley.evaluation.report import error_lines, figures_table
from parley.evaluation.setaside import groups, read_list

__all__ = ["DEFAULT_SETASIDE", "run"]

# Where the repository keeps its list; used when `parley eval` runs from a checkout.
DEFAULT_SETASIDE = Path("tests/realnews/setaside.txt")


def _sets(args: argparse.Namespace) -> list[GoldSet]:
    if args.corpus is None:
        return [
            load_files(
                "all",
                [Path(p) for p in args.articles],
                [Path(p) for p in args.gold],
                [Path(p) for p in args.negatives],
            )
        ]
    corpus: Path = args.corpus
    if (corpus / "gold.jsonl").exists():
        return [load_folder(corpus)]
    if args.sets:
        folders = [corpus / name for name in args.sets]
    else:
        folders = sorted(p for p in corpus.iterdir() if (p / "gold.jsonl").exists())
    missing = [str(f) for f in folders if not (f / "gold.jsonl").exists()]
    if missing or not folders:
        raise SystemExit(f"parley eval: no gold set in {', '.join(missing) or corpus}")
    return [load_folder(f) for f in folders]


def _aside(args: argparse.Namespace, sets: list[GoldSet]) -> set[str] | None:
    if args.no_setaside:
        return None
    path = args.setaside or (DEFAULT_SETASIDE if DEFAULT_SETASIDE.exists() else None)
    if path is None:
        return None
    aside = read_list(path)
    ids = [a for s in sets for a in s.article_ids]
    here = sum(1 for a in ids if a in aside)
    info = sys.stderr if args.json else sys.stdout
    print(f"set-aside list {path}: {here} of these {len(ids)} articles", file=info)
    # A list made before the corpus changed may cut a meeting's articles apart.
    torn = [
        g for g in groups(ids, [g for s in sets for g in s.gold]) if 0 < len(g & aside) < len(g)
    ]
    if torn:
        print(
            f"warning: {len(torn)} group(s) of articles sharing meetings straddle the halves",
            file=sys.stderr,
        )
    return aside


def run(args: argparse.Namespace) -> int:
    """Score, print the figures table (or JSON), and the chosen scope's errors."""
    sets = _sets(args)
    aside = _aside(args, sets)
    # Named for what it holds when only some sets were chosen: "real-1+real-2".
    whole = "+".join(args.sets) if args.corpus is not None and args.sets else "all"
    results = run_scopes(sets, aside, whole_name=whole)
    if args.save_records is not None:
        args.save_records.mkdir(parents=True, exist_ok=True)
        for r in results:
            (args.save_records / f"{r.name}.jsonl").write_bytes(
                b"".join(orjson.dumps(rec) + b"\n" for rec in r.records)
            )
    for r in results:
        for bad in r.bad_lines[:3]:
            print(f"{r.name}: line {bad.line_no}: {bad.reason}: {bad.detail}", file=sys.stderr)
    if args.json:
        print(orjson.dumps({r.name: r.scores.figures for r in results}).decode())
    else:
        print(figures_table(results))
    if args.show_errors or args.show_dedup or args.errors_of:
        chosen = _errors_scope(args, results, aside)
        if chosen is None:
            print(f"parley eval: no scope named {args.errors_of}", file=sys.stderr)
            return 2
        print(f"\nerrors of {chosen.name} ({len(chosen.gold.article_ids)} articles)")
        for line in error_lines(chosen.scores):
            print(line)
    return 0


def _errors_scope(
    args: argparse.Namespace, results: list[ScopeResult], aside: set[str] | None
) -> ScopeResult | None:
    # Without --errors-of, never the set-aside half: its errors are not to be read.
    wanted = args.errors_of or (TUNE if aside is not None else results[0].name)
    return next((r for r in results if r.name == wanted), None)
