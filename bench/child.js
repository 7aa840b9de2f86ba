// One bench case for one library in a fresh process (forked by run.js):
//   node child.js '{"lib":"werift","case":"latency","quick":true,"inNamespace":true}'
// Replies on the IPC channel with { type: 'result', values, details } or { type: 'error' }, maybe
// after { type: 'progress', values }; an exit case replies { type: 'closed', at } and then lets
// the process end by itself.
'use strict';
const { library } = require('./libs');
const { CASES } = require('./metrics');

const send = (message) => new Promise((resolve) => process.send(message, () => resolve()));

async function main() {
  const job = JSON.parse(process.argv[2]);
  const lib = library(job.lib);
  const benchCase = CASES.find((c) => c.name === job.case);
  const context = {
    create: () => lib.create(job.inNamespace),
    quick: job.quick,
    // Values so far: what the parent keeps if the library brings this process down.
    progress: (values) => process.send({ type: 'progress', values }),
  };
  const outcome = await benchCase.run(context);
  if (benchCase.exitLimitMs) {
    await send({ type: 'closed', at: outcome.closedAt, details: outcome.details });
    process.disconnect(); // from now on only the library can keep this process alive
    return;
  }
  await send({ type: 'result', values: outcome.values, details: outcome.details, note: outcome.note });
  process.exit(0); // peers may linger in a closing state: the numbers are in
}

function fail(error) {
  send({ type: 'error', message: String(error?.stack ?? error) }).finally(() => process.exit(1));
}

process.on('unhandledRejection', fail);
main().catch(fail);
