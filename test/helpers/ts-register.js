// Lets a plain `node` child process (see lifetime-child.ts) load the TypeScript sources:
// `node -r ./test/helpers/ts-register.js file.ts` transpiles each .ts file as it is required,
// with the repository's TypeScript and no type check (as ts-jest does in the test run).
'use strict';
const fs = require('node:fs');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  isolatedModules: true,
  inlineSourceMap: true,
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { fileName: filename, compilerOptions });
  module._compile(outputText, filename);
};
