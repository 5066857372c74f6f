"""Extraction's cost in machine instructions per article: a figure that load cannot move.

    python -m tests.bench.instructions                  # both streams (~2 min; needs valgrind)
    python -m tests.bench.instructions --diplomatic 300 --realistic 0

On a shared machine articles/s move by 20 % or more between runs of the same code, so
two versions of the extractor are hard to tell apart by time. Counted under
valgrind's callgrind, the instructions executed are the same from run to run. Each
stream is run twice in a child process under callgrind: once generating and decoding
the articles and extracting one (which loads the knowledge base and lexicon), once
doing the same and then extracting every article; the difference, divided by the
number of articles, is the extraction's cost. Instructions are not time (a cache miss
costs more than an add), so this tells versions apart; articles/s come from
tests.bench.extraction.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile

from tests.bench.corpus_gen import DEFAULT_SEED, all_diplomatic, realistic

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def _child(stream: str, count: int, seed: int, extract_all: bool) -> None:
    from parley.extract import extract
    from parley.ingest.decode import Rejected, decode_article

    make = all_diplomatic if stream == "diplomatic" else realistic
    articles = []
    for generated in make(count, seed):
        article = decode_article(generated.value)
        if isinstance(article, Rejected):
            raise SystemExit(f"generator produced an invalid article: {article}")
        articles.append(article)
    extract(articles[0])
    if extract_all:
        for article in articles:
            extract(article)


def _instructions(stream: str, count: int, seed: int, extract_all: bool) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={tmp}/out",
            sys.executable,
            "-m",
            "tests.bench.instructions",
            "--child",
            stream,
            str(count),
            str(seed),
            "1" if extract_all else "0",
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    m = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or m is None:
        raise SystemExit(f"callgrind run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return int(m.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--diplomatic", type=int, default=300, help="all-diplomatic articles")
    parser.add_argument("--realistic", type=int, default=2000, help="realistic-stream articles")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--child", nargs=4, metavar=("STREAM", "N", "SEED", "ALL"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        stream, count, seed, extract_all = args.child
        _child(stream, int(count), int(seed), extract_all == "1")
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    from parley.native import core_build

    print(
        "extraction core, instructions per article under callgrind (deterministic); "
        f"{core_build()}"
    )
    print(f"{'stream':16} {'articles':>8} {'instructions/article':>22}")
    for stream, count in (("realistic", args.realistic), ("diplomatic", args.diplomatic)):
        if count <= 0:
            continue
        base = _instructions(stream, count, args.seed, extract_all=False)
        full = _instructions(stream, count, args.seed, extract_all=True)
        print(f"{stream:16} {count:8} {(full - base) / count:22,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
