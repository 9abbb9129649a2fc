// jsonc-parser, loaded so that it works both in plain Node (tests, tsc output) and in the esbuild bundles.
// Its package "main" is a UMD build whose factory requires ./impl/* through a parameter esbuild cannot see,
// so inside dist/*.js that build throws at load; its ESM build ("module") bundles fine but cannot be required
// by plain Node. Until esbuild.mjs prefers "module" (mainFields: ['module', 'main']), take whichever loads.
type JsoncParser = typeof import('jsonc-parser');

function loadJsoncParser(): JsoncParser {
  try {
    return require('jsonc-parser') as JsoncParser;
  } catch {
    return require('jsonc-parser/lib/esm/main.js') as JsoncParser;
  }
}

export const { parseTree, printParseErrorCode } = loadJsoncParser();
