// nodertc against node-datachannel, @roamhq/wrtc and werift, side by side (npm run bench).
//   node bench/run.js [--only METRIC|CASE,...] [--libs LIB,...] [--runs N] [--quick] [--no-baseline]
// Each case runs for each library in a fresh process (child.js), --runs times; the table of
// median/min/max and nodertc ÷ library goes to stdout and bench/results/latest.{md,json}.
// As root it re-runs itself inside the test namespace (scripts/netns.sh): no traffic leaves it.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { fork, spawnSync } = require('node:child_process');
const { LIBRARIES, library, ROOT } = require('./libs');
const { CASES, METRICS } = require('./metrics');
const { inTestNamespace } = require('./network');
const { markdown } = require('./report');
const { measure: measureUdp } = require('./udp-baseline');

const RESULTS = path.join(__dirname, 'results');
const IN_NETNS_MARK = 'NODERTC_BENCH_IN_NETNS';

const parseLibs = (list) => list.split(',').map((name) => library(name).name);

function parseOptions(argv) {
  const options = { only: null, libs: LIBRARIES.map((lib) => lib.name), runs: 3, quick: false, baseline: true };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    const arg = argv[i];
    if (arg === '--only') options.only = value().split(',');
    else if (arg === '--libs') options.libs = parseLibs(value());
    else if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--no-baseline') options.baseline = false;
    else throw new Error(`unknown option ${arg}`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs takes a positive integer');
  for (const name of options.only ?? []) {
    if (!METRICS.includes(name) && !CASES.some((c) => c.name === name)) {
      throw new Error(`unknown metric '${name}' (metrics: ${METRICS.join(', ')})`);
    }
  }
  return options;
}

/** As root outside the namespace: the same command inside it; returns its exit status. */
function rerunInNamespace() {
  const script = path.join(ROOT, 'scripts', 'netns.sh');
  const result = spawnSync('bash', [script, 'exec', process.execPath, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [IN_NETNS_MARK]: '1' },
  });
  return result.status ?? 1;
}

function machine(libs, inNamespace) {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const versions = {};
  for (const name of libs) versions[name] = library(name).version();
  return {
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? 'unknown',
    cores: os.cpus().length,
    nproc: spawnSync('nproc', { encoding: 'utf8' }).stdout.trim(),
    openFilesLimit: spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim(),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    network: inNamespace
      ? 'test namespace nodertc-test (veth 198.18.0.1/2, lo)'
      : 'loopback only (not root: no namespace)',
    versions,
  };
}

/** Runs one case for one library in a fresh process: { values, details, capped } or { error }. */
function runJob(benchCase, lib, options, inNamespace) {
  const job = { lib, case: benchCase.name, quick: options.quick, inNamespace };
  const child = fork(path.join(__dirname, 'child.js'), [JSON.stringify(job)], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  child.stdout.pipe(process.stderr); // library chatter stays out of the table on stdout
  const key = benchCase.rows[0]?.key;
  return new Promise((resolve) => {
    let outcome = null;
    let partial = null;
    let closedAt = null;
    let closedDetails = {};
    const timers = [];
    const killAfter = (ms, why) => {
      timers.push(
        setTimeout(() => {
          outcome ??= why;
          child.kill('SIGKILL');
        }, ms),
      );
    };
    const limitMs = benchCase.timeoutMs(options.quick);
    killAfter(limitMs, { error: `timed out after ${limitMs} ms` });
    child.on('message', (message) => {
      if (message.type === 'result') {
        const { values, details, note } = message;
        outcome = { values, details, note, capped: details?.capped };
      } else if (message.type === 'progress') {
        partial = message.values;
      } else if (message.type === 'error') {
        outcome = { error: message.message };
      } else if (message.type === 'closed') {
        // An exit case: from here the child must end by itself within exitLimitMs.
        closedAt = message.at;
        closedDetails = message.details;
        const capped = {
          values: { [key]: benchCase.exitLimitMs / 1000 },
          details: { ...closedDetails, killed: true },
          capped: true,
        };
        killAfter(benchCase.exitLimitMs, capped);
      }
    });
    child.on('exit', (code, signal) => {
      const exitedAt = Date.now();
      for (const timer of timers) clearTimeout(timer);
      if (outcome === null && closedAt !== null) {
        outcome = { values: { [key]: (exitedAt - closedAt) / 1000 }, details: { ...closedDetails, code } };
      }
      if (outcome === null && partial !== null) {
        const note = `the process died (${signal ?? `exit code ${code}`}): the value reached before is kept`;
        outcome = { values: partial, details: { died: signal ?? code }, note };
      }
      resolve(outcome ?? { error: `exited (${signal ?? code}) without a result` });
    });
  });
}

const describe = (benchCase, outcome) =>
  outcome.error
    ? `FAILED: ${outcome.error.split('\n')[0]}`
    : benchCase.rows.map((row) => `${outcome.values[row.key]?.toFixed(row.digits)} ${row.unit}`).join(', ');

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const inNamespace = inTestNamespace();
  if (!inNamespace && process.env[IN_NETNS_MARK]) throw new Error('scripts/netns.sh did not give the test namespace');
  if (!inNamespace && process.getuid?.() === 0) process.exit(rerunInNamespace());
  if (!inNamespace) console.error('bench: not root, so no test namespace: loopback only, wrtc left out');

  const unavailable = [];
  const libs = options.libs.filter((name) => {
    const reason = library(name).unavailable(inNamespace);
    if (reason) unavailable.push({ lib: name, reason });
    return !reason;
  });
  for (const { lib, reason } of unavailable) console.error(`bench: ${lib} not run: ${reason}`);
  const cases = CASES.filter((c) => !options.only || options.only.includes(c.metric) || options.only.includes(c.name));

  const onMachine = machine(libs, inNamespace); // before the cases: nodertc's build may change meanwhile
  const baseline = options.baseline ? await measureUdp(options.quick ? 1 : 3) : null;
  if (baseline) console.error(`bench: UDP reference ${baseline.receivedMBps.toFixed(1)} MB/s`);

  const samples = {};
  const errors = [];
  const notes = [];
  const details = [];
  for (const benchCase of cases.filter((c) => !c.skip)) {
    for (let run = 1; run <= options.runs; run++) {
      // Each run starts with another library, so none always runs first or last.
      const order = libs.map((_, i) => libs[(i + run - 1) % libs.length]);
      for (const lib of order) {
        const started = Date.now();
        const outcome = await runJob(benchCase, lib, options, inNamespace);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const progress = `${benchCase.name}, run ${run}/${options.runs}, ${lib}`;
        console.error(`bench: ${progress}: ${describe(benchCase, outcome)} (${seconds} s)`);
        if (outcome.error) {
          errors.push({ lib, case: benchCase.name, run, message: outcome.error });
          continue;
        }
        details.push({ lib, case: benchCase.name, run, details: outcome.details });
        if (outcome.note) notes.push({ lib, case: benchCase.name, run, message: outcome.note });
        for (const row of benchCase.rows) {
          samples[row.key] ??= {};
          (samples[row.key][lib] ??= []).push({ value: outcome.values[row.key], capped: Boolean(outcome.capped) });
        }
      }
    }
  }

  const args = process.argv.slice(2);
  const viaNpm = process.env.npm_lifecycle_event === 'bench';
  const command = [viaNpm ? 'npm run bench' : 'node bench/run.js', ...(viaNpm && args.length ? ['--'] : []), ...args];
  const result = {
    date: new Date().toISOString(),
    command: command.join(' '),
    runs: options.runs,
    quick: options.quick,
    machine: onMachine,
    baseline,
    libs,
    cases: cases.map(({ metric, name, rows, skip }) => ({ metric, name, rows, skip })),
    samples,
    unavailable,
    errors,
    notes,
    details,
  };
  const report = markdown(result);
  process.stdout.write(report);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'latest.md'), report);
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
