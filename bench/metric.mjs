// The article-extraction benchmark's metric (scrapinghub/article-extraction-benchmark):
// lower-cased `\w+` tokens, 4-token shingles counted as a multiset; per page,
// true/false positives and false negatives as shares of their sum; precision
// averaged over pages with a prediction, recall over pages with ground truth,
// F1 of the two means.

const TOKEN = /[\p{L}\p{N}\p{M}_]+/gu;
const N = 4;

export function shingles(text) {
  const tokens = (text ?? "").toLowerCase().match(TOKEN) ?? [];
  const counts = new Map();
  const last = Math.max(1, tokens.length - N + 1);
  for (let i = 0; i < last; i += 1) {
    const shingle = tokens.slice(i, i + N).join(" ");
    if (shingle) counts.set(shingle, (counts.get(shingle) ?? 0) + 1);
  }
  return counts;
}

/** {tp, fp, fn} of one page, as shares of their sum. */
export function pageScore(truth, prediction) {
  const t = shingles(truth);
  const p = shingles(prediction);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [s, n] of p) {
    const m = t.get(s) ?? 0;
    tp += Math.min(n, m);
    fp += Math.max(0, n - m);
  }
  for (const [s, n] of t) fn += Math.max(0, n - (p.get(s) ?? 0));
  const all = tp + fp + fn;
  return all > 0
    ? { tp: tp / all, fp: fp / all, fn: fn / all, hasTruth: t.size > 0, hasPrediction: p.size > 0 }
    : { tp: 0, fp: 0, fn: 0, hasTruth: false, hasPrediction: false };
}

/** Precision, recall and F1 over pages scored by `pageScore`. */
export function aggregate(scores) {
  const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const precision = mean(
    scores.filter((s) => s.hasPrediction).map((s) => (s.tp + s.fp > 0 ? s.tp / (s.tp + s.fp) : 0)),
  );
  const recall = mean(
    scores.filter((s) => s.hasTruth).map((s) => (s.tp + s.fn > 0 ? s.tp / (s.tp + s.fn) : 0)),
  );
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
