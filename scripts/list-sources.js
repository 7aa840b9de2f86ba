#!/usr/bin/env node
// The one list of native sources: CMakeLists.txt and binding.gyp both read it.
// Usage: node scripts/list-sources.js core|binding|all
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');

function walk(dir) {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...walk(rel));
    else if (entry.name.endsWith('.cpp')) out.push(rel);
  }
  return out.sort();
}

const which = process.argv[2] || 'all';
const parts = which === 'all' ? ['core', 'binding'] : [which];
process.stdout.write(parts.flatMap((p) => walk(`native/${p}`)).join('\n') + '\n');
