#!/usr/bin/env node
// Builds the prebuilt binary that node-gyp-build (the package's install script, and lib/addon.ts)
// loads before falling back to a source build: prebuilds/<platform>-<arch>/node.napi.node
// (node.napi.musl.node on musl). One Node-API 8 binary serves Node 18, 20, 22 and Electron.
// OpenSSL, usrsctp and libsrtp2 are linked statically with their symbols hidden: Node and Electron
// export an OpenSSL/BoringSSL of their own, which ours must neither use nor clash with.
//
// Usage: node scripts/prebuild.js [--deps DIR]
//   DIR (or $NODERTC_DEPS_DIR): a prefix of static -fPIC dependencies with pkg-config files
//   (vcpkg's installed/<triplet>, ...), searched before the system. Without it, on Debian,
//   scripts/build-deps.sh builds them from Debian's sources (cached under build/deps/).
// Linux: the result is checked (exports, undefined symbols, ldd) and the script fails if a
// dependency leaked into the binary's dynamic interface.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const buildDir = path.join(root, 'build', 'prebuild');
const jobs = process.env.JOBS || '2';

/** The only symbols the binary may export: the Node-API module entry points. */
const EXPORTS = new Set(['napi_register_module_v1', 'node_api_module_get_api_version_v1']);
/** Symbols the binary takes from the process that loads it. */
const NODE_API = /^(napi_|node_api_)/;
/** Shared libraries the binary must not need. */
const BUNDLED_LIBRARY = /lib(ssl|crypto|usrsctp|srtp2|opus|stdc\+\+)\b/;

function run(command, args, options = {}) {
  return execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
}

function depsDir() {
  const flag = process.argv.indexOf('--deps');
  const given = flag >= 0 ? process.argv[flag + 1] : process.env.NODERTC_DEPS_DIR;
  if (given) return path.resolve(given);
  if (process.platform !== 'linux') {
    throw new Error('prebuild.js: pass --deps DIR (static OpenSSL, usrsctp and libsrtp2 with pkg-config files)');
  }
  return run('bash', [path.join(__dirname, 'build-deps.sh')]).trim();
}

function isMusl() {
  return process.platform === 'linux' && !process.report.getReport().header.glibcVersionRuntime;
}

/** node-gyp-build's name for it: N-API, any runtime; tagged musl so glibc systems skip it. */
function target() {
  const file = isMusl() ? 'node.napi.musl.node' : 'node.napi.node';
  return path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, file);
}

/** Configures every time (the source list is read at configure time), then builds incrementally. */
function compile(deps) {
  const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
  const options = ['--out', buildDir, '--parallel', jobs, '--CDNODERTC_STATIC_DEPS=ON', `--CDNODERTC_DEPS_DIR=${deps}`];
  for (const command of ['configure', 'build']) {
    run(process.execPath, [cmakeJs, command, ...options], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  return path.join(buildDir, 'Release', 'nodertc.node');
}

/** Dynamic symbols of `file` as [name, nm type letter], versions stripped. */
function symbols(file, kind) {
  return run('nm', ['-D', kind, '--format=posix', file])
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '))
    .map(([name, type]) => [name.replace(/@.*/, ''), type]);
}

/**
 * Fails if the binary exports more than Node-API's entry points, needs a library it should
 * bundle, or leaves a symbol undefined that neither Node-API nor a library it needs defines
 * (a source file left out, or a dependency that would bind to the OpenSSL Node exports).
 */
function checkLinux(file) {
  const ldd = run('ldd', [file]).split('\n');
  const libraries = ldd.map((line) => /(?:=>\s*|^\s*)(\/\S+)/.exec(line)?.[1]).filter(Boolean);
  const provided = new Set(libraries.flatMap((library) => symbols(library, '--defined-only').map(([name]) => name)));
  const extra = symbols(file, '--defined-only').map(([name]) => name).filter((name) => !EXPORTS.has(name));
  const unresolved = symbols(file, '--undefined-only')
    .filter(([name, type]) => type === 'U' && !NODE_API.test(name) && !provided.has(name))
    .map(([name]) => name);
  const bundled = ldd.filter((line) => BUNDLED_LIBRARY.test(line));
  const problems = [
    extra.length && `exports beyond Node-API's entry points: ${extra.slice(0, 20).join(' ')}`,
    unresolved.length && `symbols no needed library defines: ${unresolved.slice(0, 20).join(' ')}`,
    bundled.length && `needs shared libraries it should bundle:\n${bundled.join('\n')}`,
  ].filter(Boolean);
  if (problems.length) throw new Error(`prebuild.js: ${file}:\n${problems.join('\n')}`);
}

function main() {
  const built = compile(depsDir());
  // Stripped and checked in the build directory; only a good binary reaches prebuilds/.
  const staged = path.join(buildDir, 'nodertc.stripped.node');
  fs.copyFileSync(built, staged);
  if (process.platform === 'linux') run('strip', ['--strip-unneeded', staged]);
  if (process.platform === 'darwin') run('strip', ['-x', staged]);
  if (process.platform === 'linux') checkLinux(staged);
  const out = target();
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.copyFileSync(staged, `${out}.tmp`);
  fs.renameSync(`${out}.tmp`, out);
  console.log(`prebuild.js: ${path.relative(root, out)} (${fs.statSync(out).size} bytes)`);
}

try {
  main();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
