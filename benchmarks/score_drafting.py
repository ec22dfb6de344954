"""Precision and recall of the draft extraction on the annotated corpus, per set.

    .venv/bin/python benchmarks/score_drafting.py [--set tuned|held_out] [--each]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.drafting.extraction.scoring import score_corpus, total  # noqa: E402

CORPUS = ROOT / "tests" / "drafting" / "corpus"


def _line(name: str, score) -> str:
    parts = [f"{label} P {tally.precision:.2f} R {tally.recall:.2f} ({tally.right}/{tally.given}"
             f"/{tally.expected})" for label, tally in (("tasks", score.tasks),
                                                        ("leads", score.leads),
                                                        ("deadlines", score.deadlines),
                                                        ("record", score.record))]
    return f"{name:42} " + "  ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", action="append", choices=["tuned", "held_out"])
    parser.add_argument("--each", action="store_true", help="one line per document too")
    args = parser.parse_args()
    for corpus_set in args.set or ["tuned", "held_out"]:
        scores = score_corpus(CORPUS, corpus_set)
        if args.each:
            for name, score in scores.items():
                print(_line(name, score))
        print(_line(f"{corpus_set} ({len(scores)} documents)", total(scores)))


if __name__ == "__main__":
    main()
