// Every bench case, in report order. A case: { metric (the --only group), name, rows: [{ key,
// unit, better: 'higher' | 'lower', digits }], timeoutMs(quick), run(context) → { values:
// { [row key]: number }, details, note? } }, where context is { create(), quick, progress(values) };
// an exit case returns { closedAt } and has exitLimitMs; a case with `skip` is not run.
'use strict';

const CASES = [
  ...require('./setup'),
  ...require('./throughput'),
  ...require('./rate'),
  ...require('./latency'),
  ...require('./memory'),
  ...require('./scale'),
  ...require('./fatpath'),
  ...require('./exit'),
  ...require('./rtp'),
];

const METRICS = [...new Set(CASES.map((c) => c.metric))];

module.exports = { CASES, METRICS };
