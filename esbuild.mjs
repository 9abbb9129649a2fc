// Bundles the extension and the CLI, and copies the tree-sitter WASM files next to the bundles
// (the loader looks for them beside the running script first).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --outdir DIR builds somewhere else than dist/ (tests build a private copy so they never race a developer's build).
const outdirIndex = process.argv.indexOf('--outdir');
const outdir = outdirIndex > 0 ? process.argv[outdirIndex + 1] : 'dist';

const wasmDir = path.dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));
const wasmFiles = ['tree-sitter.wasm', 'tree-sitter-python.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm', 'tree-sitter-javascript.wasm'];

function copyWasm() {
  mkdirSync(outdir, { recursive: true });
  for (const file of wasmFiles) copyFileSync(path.join(wasmDir, file), path.join(outdir, file));
}

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
  external: ['vscode'],
  // Prefer ESM builds: jsonc-parser's UMD "main" requires its modules through a parameter esbuild cannot follow.
  mainFields: ['module', 'main'],
};

const reportPlugin = {
  name: 'report',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length === 0) {
        copyWasm();
        if (build.initialOptions.outfile?.endsWith('cli.js')) chmodSync(build.initialOptions.outfile, 0o755);
        if (watch) console.log(`[watch] built ${build.initialOptions.outfile}`);
      }
    });
  },
};

const targets = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: path.join(outdir, 'extension.js'), plugins: [reportPlugin] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: path.join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' }, plugins: [reportPlugin] },
  // The workspace index's worker threads load this file from beside the bundle that starts them.
  { ...common, entryPoints: ['src/core/workspace/indexWorker.ts'], outfile: path.join(outdir, 'indexWorker.js'), plugins: [reportPlugin] },
];

if (watch) {
  for (const options of targets) {
    const context = await esbuild.context(options);
    await context.watch();
  }
  console.log('[watch] watching src/ for changes');
} else {
  await Promise.all(targets.map((options) => esbuild.build(options)));
}
