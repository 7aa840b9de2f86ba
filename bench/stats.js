// Order statistics for the bench's samples.
'use strict';

/** The q-quantile (0..1) of `values` by the nearest-rank method. */
function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

const median = (values) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const summary = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

module.exports = { quantile, median, summary };
