// Lifetimes: a process exits by itself once its connections are closed, close() is idempotent,
// and an open connection lives on when the application drops its references.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createPeer } from '../helpers/nodertc';

const HELPERS = join(__dirname, '..', 'helpers');

interface ChildRun {
  lines: Array<Record<string, any>>;
  exitedAt: number;
  code: number | null;
  stderr: string;
}

/** Runs lifetime-child.ts in a fresh node; kills it (by its PID) if it outlives `timeoutMs`. */
function runChild(args: string[], timeoutMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '-r', join(HELPERS, 'ts-register.js'), join(HELPERS, 'lifetime-child.ts'), ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child still running after ${timeoutMs} ms; output so far:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      const exitedAt = Date.now();
      clearTimeout(timer);
      const lines = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      resolve({ lines, exitedAt, code, stderr });
    });
  });
}

function line(run: ChildRun, event: string): Record<string, any> {
  const found = run.lines.find((entry) => entry.event === event);
  if (!found) throw new Error(`child printed no '${event}' line: ${JSON.stringify(run.lines)}\n${run.stderr}`);
  return found;
}

test('100 connection pairs with data, all closed: the process exits by itself within 2 s', async () => {
  const run = await runChild(['pairs', '100'], 45000);
  expect(run.lines.filter((entry) => entry.event === 'error')).toEqual([]);
  expect(line(run, 'open').pairs).toBe(100);
  expect(run.code).toBe(0);
  expect(run.exitedAt - line(run, 'closed').at).toBeLessThan(2000);
}, 50000);

test('a connection whose references were dropped keeps working through GC', async () => {
  const run = await runChild(['gc'], 25000);
  expect(run.lines.filter((entry) => entry.event === 'error')).toEqual([]);
  expect(line(run, 'gc')).toMatchObject({ retained: true, echoes: 3 });
  // Once closed, nothing should hold the peer any more.
  expect(line(run, 'closed').released).toBe(true);
  expect(run.code).toBe(0);
  expect(run.exitedAt - line(run, 'closed').at).toBeLessThan(2000);
});

test('close() twice is fine and leaves every state closed', () => {
  const pc = createPeer();
  const channel = pc.createDataChannel('x');
  pc.close();
  expect(() => pc.close()).not.toThrow();
  expect(pc.signalingState).toBe('closed');
  expect(pc.connectionState).toBe('closed');
  expect(pc.iceConnectionState).toBe('closed');
  expect(channel.readyState).toBe('closed');
});
