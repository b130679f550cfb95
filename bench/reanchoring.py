"""Re-anchoring benchmark: factcheck's re-anchoring against the Hypothesis client's matcher on seeded edits.

Run: pip install -e '.[bench]' && .venv/bin/python bench/reanchoring.py [--per-category 180] [--seed 14]
     [--split tuning|held-out|both] [--verbose] [--compare-js DIR]

Cases come from bench/reanchoring_cases.py (real texts, one seeded edit of a category each, the truth known
by construction). For each case both systems get the old anchor (exact, prefix and suffix of 32 characters,
start, end) and the new text. A placement is "recovered" when it overlaps where the quote now is, "wrong"
when it does not, or when the quote is gone; "orphaned" is no placement (right when the quote is gone).
Tables per category for both systems and each split, then the time factcheck takes to re-anchor ten claims
on an article of 200,000 characters.
`--compare-js DIR` runs the npm package approx-string-match installed in DIR (`npm install
approx-string-match` there) with Hypothesis's match-quote.ts on a sample of cases and counts the cases where
the Python port in bench/hypothesis_matcher.py places the quote differently (it should be none).
"""

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import hypothesis_matcher  # noqa: E402
from reanchoring_cases import CATEGORIES, Case, Edit, apply_edits, make_cases, speeches  # noqa: E402

from factcheck.services.text.anchoring import anchor_at  # noqa: E402
from factcheck.services.text.reanchoring import reanchor  # noqa: E402


def factcheck_places(case: Case) -> tuple[int, int] | None:
    result = reanchor(anchor_at(case.old_text, case.start, case.end), case.new_text)
    return None if result.anchor is None else (result.anchor.start, result.anchor.end)


def hypothesis_places(case: Case) -> tuple[int, int] | None:
    old = anchor_at(case.old_text, case.start, case.end)
    return hypothesis_matcher.anchor(case.new_text, old.exact, old.prefix, old.suffix, old.start, old.end)


SYSTEMS = {"factcheck": factcheck_places, "hypothesis": hypothesis_places}


def outcome(placed: tuple[int, int] | None, truth: tuple[int, int] | None) -> str:
    if placed is None:
        return "orphaned"
    if truth is None:
        return "wrong"
    return "recovered" if placed[0] < truth[1] and truth[0] < placed[1] else "wrong"


def print_table(title: str, rows: dict[str, Counter]) -> None:
    print(f"\n{title}")
    print(f"{'category':<16}{'cases':>6}{'gone':>6}{'recovered':>11}{'wrong':>7}{'orphaned':>10}")
    total = Counter()
    for category in CATEGORIES:
        row = rows.get(category, Counter())
        total.update(row)
        print(f"{category:<16}{row['cases']:>6}{row['gone']:>6}{row['recovered']:>11}{row['wrong']:>7}"
              f"{row['orphaned']:>10}")
    surviving = total["cases"] - total["gone"]
    print(f"{'total':<16}{total['cases']:>6}{total['gone']:>6}{total['recovered']:>11}{total['wrong']:>7}"
          f"{total['orphaned']:>10}")
    print(f"wrong: {total['wrong'] / max(1, total['cases']):.2%} of cases; recovered: "
          f"{total['recovered'] / max(1, surviving):.2%} of the {surviving} surviving quotes")


def run(cases: list[Case], verbose: bool) -> None:
    for split in sorted({c.split for c in cases}, reverse=True):
        chosen = [c for c in cases if c.split == split]
        for name, places in SYSTEMS.items():
            rows: dict[str, Counter] = defaultdict(Counter)
            started = time.perf_counter()
            for case in chosen:
                placed = places(case)
                result = outcome(placed, case.truth)
                row = rows[case.category]
                row["cases"] += 1
                row["gone"] += case.truth is None
                row[result] += 1
                if verbose and name == "factcheck" and result == "wrong":
                    show_wrong(case, placed)
            seconds = time.perf_counter() - started
            print_table(f"{name} — {split} split ({len(chosen)} cases, {seconds:.1f} s)", rows)


def show_wrong(case: Case, placed: tuple[int, int]) -> None:
    old = case.old_text[case.start:case.end]
    now = case.new_text[placed[0]:placed[1]]
    truth = "gone" if case.truth is None else repr(case.new_text[case.truth[0]:case.truth[1]])
    why = reanchor(anchor_at(case.old_text, case.start, case.end), case.new_text).reason
    print(f"WRONG {case.category}/{case.variant} {case.source}: {old!r} -> {now!r} (truth {truth}): {why}")


def long_article_timing(runs: int = 5) -> None:
    """Re-anchoring ten claims on a 200,000-character article after a revision touching several of them."""
    rng = random.Random(200_000)
    text = "\n\n".join(t for _, t in speeches()[-12:])[:200_000]
    starts = sorted(rng.sample(range(1000, len(text) - 1000), 10))
    anchors = []
    for at in starts:
        at = text.index(" ", at) + 1
        end = text.index(" ", at + 40)
        anchors.append(anchor_at(text, at, end))
    edits = [Edit(0, 0, "Editor's note: this address was revised.\n\n")]
    for number, old in enumerate(anchors):
        if number % 3 == 1:  # a typo in the quote
            edits.append(Edit(old.start + 5, old.start + 6, "#"))
        elif number % 3 == 2:  # the quote deleted
            edits.append(Edit(old.start, old.end, ""))
    new_text, _ = apply_edits(text, edits)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        statuses = Counter(reanchor(old, new_text).status for old in anchors)
        timings.append(time.perf_counter() - started)
    print(f"\nRe-anchoring {len(anchors)} claims on a {len(new_text):,}-character article "
          f"({dict(statuses)}): median {statistics.median(timings) * 1000:.0f} ms, "
          f"max {max(timings) * 1000:.0f} ms over {runs} runs")


JS_CHECK = """
import approxSearch from 'approx-string-match';
import { readFileSync } from 'node:fs';
function search(text, str, maxErrors) {
  let matchPos = 0; const exact = [];
  while (matchPos !== -1) {
    matchPos = text.indexOf(str, matchPos);
    if (matchPos !== -1) { exact.push({ start: matchPos, end: matchPos + str.length, errors: 0 }); matchPos += 1; }
  }
  return exact.length > 0 ? exact : approxSearch(text, str, maxErrors);
}
function textMatchScore(text, str) {
  if (str.length === 0 || text.length === 0) return 0.0;
  return 1 - search(text, str, str.length)[0].errors / str.length;
}
function matchQuote(text, quote, context) {
  if (quote.length === 0) return null;
  const matches = search(text, quote, Math.min(256, quote.length / 2));
  if (matches.length === 0) return null;
  const scoreMatch = m => {
    const quoteScore = 1 - m.errors / quote.length;
    const prefixScore = context.prefix ? textMatchScore(
      text.slice(Math.max(0, m.start - context.prefix.length), m.start), context.prefix) : 1.0;
    const suffixScore = context.suffix ? textMatchScore(
      text.slice(m.end, m.end + context.suffix.length), context.suffix) : 1.0;
    let posScore = 1.0;
    if (typeof context.hint === 'number') posScore = 1.0 - Math.abs(m.start - context.hint) / text.length;
    return (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92;
  };
  const scored = matches.map(m => ({ start: m.start, end: m.end, score: scoreMatch(m) }));
  scored.sort((a, b) => b.score - a.score);
  return scored[0];
}
const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const out = cases.map(c => {
  const m = matchQuote(c.text, c.quote, { prefix: c.prefix, suffix: c.suffix, hint: c.hint });
  const raw = approxSearch(c.text, c.quote, Math.min(256, c.quote.length / 2));
  return { match: m && [m.start, m.end], raw: raw.map(r => [r.start, r.end, r.errors]) };
});
console.log(JSON.stringify(out));
"""


def compare_with_js(cases: list[Case], folder: Path, sample: int = 300) -> None:
    """Count the cases where the Python port and the npm package with match-quote.ts disagree."""
    rng = random.Random(1)
    chosen = [c for c in cases if c.new_text[c.start:c.end] != c.old_text[c.start:c.end]
              and all(ord(ch) < 0x10000 for ch in c.new_text)]
    chosen = rng.sample(chosen, min(sample, len(chosen)))
    inputs = []
    for case in chosen:
        old = anchor_at(case.old_text, case.start, case.end)
        inputs.append({"text": case.new_text, "quote": old.exact, "prefix": old.prefix, "suffix": old.suffix,
                       "hint": old.start})
    with tempfile.TemporaryDirectory() as scratch:
        script = folder / "match-quote-check.mjs"
        script.write_text(JS_CHECK, encoding="utf-8")
        data = Path(scratch) / "cases.json"
        data.write_text(json.dumps(inputs), encoding="utf-8")
        answer = subprocess.run(["node", str(script), str(data)], capture_output=True, text=True, check=True)
        script.unlink()
    results = json.loads(answer.stdout)
    differ_match = differ_raw = 0
    for given, js in zip(inputs, results, strict=True):
        ours = hypothesis_matcher.match_quote(given["text"], given["quote"], given["prefix"], given["suffix"],
                                              given["hint"])
        raw = hypothesis_matcher.approx_search(given["text"], given["quote"], min(256, len(given["quote"]) / 2))
        differ_match += (None if ours is None else [ours[0], ours[1]]) != js["match"]
        differ_raw += [[m.start, m.end, m.errors] for m in raw] != js["raw"]
    print(f"\nPython port against the npm package approx-string-match with match-quote.ts on {len(inputs)} "
          f"cases: {differ_raw} differ in the approximate matches, {differ_match} in the chosen match")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-category", type=int, default=180)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--split", choices=("tuning", "held-out", "both"), default="both")
    parser.add_argument("--verbose", action="store_true", help="print factcheck's wrong placements")
    parser.add_argument("--compare-js", type=Path, metavar="DIR",
                        help="a folder where `npm install approx-string-match` was run")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()
    cases = make_cases(args.per_category, args.seed)
    if args.split != "both":
        cases = [c for c in cases if c.split == args.split]
    if args.compare_js:
        compare_with_js(cases, args.compare_js)
    run(cases, args.verbose)
    if not args.no_timing:
        long_article_timing()


if __name__ == "__main__":
    main()
