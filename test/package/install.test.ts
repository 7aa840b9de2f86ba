// The package as users get it: `npm pack`, then `npm install <tarball>` into an empty folder with
// no compiler, make, cmake or python on PATH. The install must take the prebuilt binary (no
// source build), that binary must carry its own OpenSSL, usrsctp and libsrtp2, and a script in
// that folder must open two peer connections over loopback and pass a message.
//
// beforeAll brings prebuilds/ up to date with scripts/prebuild.js (incremental; the first run
// builds the static dependencies from Debian's sources, which needs Debian's mirror: outside the
// test namespace, e.g. `npm run build:prebuild` before `npm test`), and builds dist/ if missing.
import { ExecFileSyncOptions, execFileSync, spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const tuple = `${process.platform}-${process.arch}`;
const BUNDLED_LIBRARY = /lib(ssl|crypto|usrsctp|srtp2)\b/;
const TOOLS_NEEDED = ['node', 'npm', 'sh'];
const COMPILERS = ['cc', 'c++', 'gcc', 'g++', 'clang', 'make', 'cmake', 'python3'];

// What the installed package runs: two peers on loopback, one channel, one message. Prints the
// message and the native binaries mapped into the process, as JSON.
const EXCHANGE_SCRIPT = `
const fs = require('fs');
const { RTCPeerConnection } = require('nodertc');
const timer = setTimeout(() => { console.error('no message within 20 s'); process.exit(2); }, 20000);
const options = { interfaces: ['lo'] };
const a = new RTCPeerConnection({}, options);
const b = new RTCPeerConnection({}, options);
// Whole descriptions, candidates included: no trickle to order.
const gathered = (pc) => new Promise((resolve) => {
  const check = () => pc.iceGatheringState === 'complete' && resolve();
  pc.addEventListener('icegatheringstatechange', check);
  check();
});
b.addEventListener('datachannel', ({ channel }) => {
  channel.addEventListener('message', ({ data }) => {
    const mapped = fs.readFileSync('/proc/self/maps', 'utf8').split('\\n')
      .filter((line) => line.endsWith('.node')).map((line) => line.slice(line.indexOf('/')));
    console.log(JSON.stringify({ data, binaries: [...new Set(mapped)] }));
    clearTimeout(timer);
    a.close();
    b.close();
  });
});
const channel = a.createDataChannel('package');
channel.addEventListener('open', () => channel.send('hello from the installed package'));
(async () => {
  const offerGathered = gathered(a);
  await a.setLocalDescription(await a.createOffer());
  await offerGathered;
  await b.setRemoteDescription(a.localDescription);
  const answerGathered = gathered(b);
  await b.setLocalDescription(await b.createAnswer());
  await answerGathered;
  await a.setRemoteDescription(b.localDescription);
})().catch((error) => { console.error(error); process.exit(1); });
`;

function run(command: string, args: string[], options: ExecFileSyncOptions = {}): string {
  return execFileSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  }) as string;
}

function describeResult(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status}${result.signal ? ` (${result.signal})` : ''}\n${result.stdout}\n${result.stderr}`;
}

/** A directory holding symlinks to just `names`, found on the current PATH. */
function toolDirectory(dir: string, names: string[]): string {
  fs.mkdirSync(dir);
  const searched = (process.env.PATH ?? '').split(path.delimiter);
  for (const name of names) {
    const found = searched.map((entry) => path.join(entry, name)).find((candidate) => fs.existsSync(candidate));
    if (found === undefined) throw new Error(`${name} is not on PATH`);
    fs.symlinkSync(fs.realpathSync(found), path.join(dir, name));
  }
  return dir;
}

const linuxOnly = process.platform === 'linux' ? describe : describe.skip;

linuxOnly('the npm package, installed without a compiler', () => {
  let work: string;
  let app: string;
  let installed: string;
  let install: SpawnSyncReturns<string>;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    run('nice', ['-n', '10', process.execPath, 'scripts/prebuild.js']);
    if (!fs.existsSync(path.join(root, 'dist', 'cjs', 'index.js'))) run('npm', ['run', 'build:ts']);

    work = fs.mkdtempSync(path.join(os.tmpdir(), 'nodertc-package-'));
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work]));
    const tarball = path.join(work, packed[0].filename);

    app = path.join(work, 'app');
    installed = path.join(app, 'node_modules', 'nodertc');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
    fs.writeFileSync(path.join(app, 'exchange.js'), EXCHANGE_SCRIPT);
    // A clean environment: no npm_config_* from an enclosing `npm test`, PATH without compilers.
    env = { PATH: toolDirectory(path.join(work, 'bin'), TOOLS_NEEDED), HOME: os.homedir(), LANG: 'C.UTF-8' };
    // The dependencies come from the npm cache when it has them (offline), else the registry.
    install = spawnSync(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts', tarball],
      {
        cwd: app,
        env,
        encoding: 'utf8',
        timeout: 180_000,
      },
    );
  }, 900_000);

  /** The binaries the installed package holds for this platform (node.napi.node, or .musl.node). */
  function prebuilt(): string[] {
    const dir = path.join(installed, 'prebuilds', tuple);
    return fs.existsSync(dir) ? fs.readdirSync(dir).map((file) => path.join(dir, file)) : [];
  }

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('the PATH of the install has no compiler, make, cmake or python', () => {
    const found = COMPILERS.filter((name) => spawnSync('sh', ['-c', `command -v ${name}`], { env }).status === 0);
    expect(found).toEqual([]);
  });

  test('npm install of the tarball succeeds and compiles nothing', () => {
    expect(install.status === 0 ? '' : describeResult(install)).toBe('');
    expect(fs.existsSync(path.join(installed, 'build'))).toBe(false);
    expect(prebuilt()).toHaveLength(1);
  });

  test('the installed binary needs no libssl, libcrypto, libusrsctp or libsrtp2', () => {
    const needed = run('ldd', prebuilt());
    expect(needed.split('\n').filter((line) => BUNDLED_LIBRARY.test(line))).toEqual([]);
  });

  test('two peer connections of the installed package exchange a message over loopback', () => {
    const result = spawnSync(process.execPath, ['exchange.js'], { cwd: app, env, encoding: 'utf8', timeout: 30_000 });
    expect(result.status === 0 ? '' : describeResult(result)).toBe('');
    const output = JSON.parse(result.stdout.trim().split('\n').pop() as string);
    expect(output.data).toBe('hello from the installed package');
    // The one native binary in the process is the installed prebuild.
    expect(output.binaries).toEqual(prebuilt().map((file) => fs.realpathSync(file)));
  });
});
