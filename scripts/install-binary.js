#!/usr/bin/env node
// Copies a freshly built addon to build/Release/, where node-gyp-build looks for it.
'use strict';
const fs = require('fs');
const path = require('path');

const source = process.argv[2];
const target = path.join(__dirname, '..', 'build', 'Release', 'nodertc.node');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(source, `${target}.tmp`);
fs.renameSync(`${target}.tmp`, target);
