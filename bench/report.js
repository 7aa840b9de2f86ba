// The results as a markdown table (metric, library, median, min, max, nodertc ÷ library) and the
// machine they were measured on.
'use strict';
const { summary } = require('./stats');

const format = (value, digits) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—';

/** A statistic of the samples, marked "≥" when it is a run that hit its limit. */
function cell(samples, value, digits) {
  const capped = samples.some((s) => s.capped && s.value === value);
  return `${capped ? '≥ ' : ''}${format(value, digits)}`;
}

/** Markdown rows for one row key: one line per library, ratios against nodertc's median. */
function rowLines(row, samplesByLib, libs, runs) {
  const nodertc = samplesByLib.nodertc ?? [];
  const nodertcMedian = nodertc.length ? summary(nodertc.map((s) => s.value)).median : NaN;
  const label = `${row.key} (${row.unit}, ${row.better} is better)`;
  return libs.map((lib, i) => {
    const samples = samplesByLib[lib] ?? [];
    const metric = i === 0 ? label : '';
    if (samples.length === 0) return `| ${metric} | ${lib} | — | — | — | — | 0/${runs} |`;
    const stats = summary(samples.map((s) => s.value));
    const ratio =
      lib === 'nodertc' || !Number.isFinite(nodertcMedian) ? '—' : `${format(nodertcMedian / stats.median, 2)}×`;
    return (
      `| ${metric} | ${lib} | ${cell(samples, stats.median, row.digits)} | ${cell(samples, stats.min, row.digits)} | ` +
      `${cell(samples, stats.max, row.digits)} | ${ratio} | ${samples.length}/${runs} |`
    );
  });
}

function table({ cases, samples, libs, runs }) {
  const lines = [
    '| Metric | Library | Median | Min | Max | nodertc ÷ library | Runs |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const benchCase of cases) {
    if (benchCase.skip) {
      lines.push(`| ${benchCase.name} | — | skipped: ${benchCase.skip} | | | | |`);
      continue;
    }
    for (const row of benchCase.rows) lines.push(...rowLines(row, samples[row.key] ?? {}, libs, runs));
  }
  return lines.join('\n');
}

function machineLines(machine, baseline) {
  const lines = [
    `- CPU: ${machine.cpuModel}, ${machine.cores} logical cores (nproc ${machine.nproc})`,
    `- Kernel: ${machine.kernel}; Node ${machine.node}; open files limit ${machine.openFilesLimit}`,
    `- Network: ${machine.network}`,
    `- Libraries: ${Object.entries(machine.versions)
      .map(([lib, version]) => `${lib} ${version}`)
      .join(', ')}`,
  ];
  if (baseline) {
    lines.push(
      `- UDP reference (bench/udp-baseline.js, 1,200 B datagrams ${baseline.from} → ${baseline.to}, one way): ` +
        `${format(baseline.receivedMBps, 1)} MB/s received (${format(baseline.lossPercent, 2)}% lost)`,
    );
  }
  return lines.join('\n');
}

/** The whole report: command, machine, table, failures. */
function markdown(result) {
  const parts = [
    `# nodertc bench, ${result.date}`,
    '',
    `Command: \`${result.command}\``,
    '',
    `Runs per case and library: ${result.runs}, each in a fresh process${result.quick ? '; --quick sizes' : ''}.`,
    '',
    machineLines(result.machine, result.baseline),
    '',
    table(result),
    '',
    "Ratio: nodertc's median ÷ the library's median (nodertc is ahead above 1 where higher is better, " +
      'below 1 where lower is better). MB = 10^6 bytes, GB = 10^9 bytes; CPU is user + system time of ' +
      'the whole process, both peers included. "≥": a run that hit its limit.',
  ];
  if (result.unavailable.length) {
    parts.push('', 'Not run:', ...result.unavailable.map((u) => `- ${u.lib}: ${u.reason}`));
  }
  if (result.notes.length) {
    parts.push('', 'Notes:', ...result.notes.map((n) => `- ${n.lib}, ${n.case}, run ${n.run}: ${n.message}`));
  }
  if (result.errors.length) {
    const failures = result.errors.map((e) => `- ${e.lib}, ${e.case}, run ${e.run}: ${e.message.split('\n')[0]}`);
    parts.push('', 'Failed runs:', ...failures);
  }
  return `${parts.join('\n')}\n`;
}

module.exports = { markdown };
