// Loads the tree-sitter runtime and grammars once per process. Trees, parsers and queries live on the
// WASM heap, which never shrinks: every caller must delete() what it creates (see withTree).
import * as fs from 'fs';
import * as path from 'path';
import type * as TreeSitter from '@vscode/tree-sitter-wasm';
import { Parser, Language } from '@vscode/tree-sitter-wasm';

export type { TreeSitter };

/** The grammars this project parses with. JavaScript is parsed with the TypeScript grammars (a superset). */
export type GrammarName = 'python' | 'typescript' | 'tsx' | 'javascript';

const grammarFile: Record<GrammarName, string> = {
  python: 'tree-sitter-python.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
};

/**
 * Finds a .wasm file: beside the running bundle (dist/, where esbuild.mjs copies them) or, when running
 * from compiled sources (tests, bench), inside the installed package.
 */
export function locateWasm(file: string): string {
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  // Built at run time so esbuild leaves it alone: the bundles never reach this line (their copies sit beside them).
  const packageWasm = ['@vscode', 'tree-sitter-wasm', 'wasm', 'tree-sitter.wasm'].join('/');
  return path.join(path.dirname(require.resolve(packageWasm)), file);
}

let runtimeReady: Promise<void> | undefined;
const languages = new Map<GrammarName, Promise<TreeSitter.Language>>();

function initRuntime(): Promise<void> {
  runtimeReady ??= Parser.init({ locateFile: (file: string) => locateWasm(file) });
  return runtimeReady;
}

/** The grammar, loaded on first use and shared afterwards. */
export function loadLanguage(name: GrammarName): Promise<TreeSitter.Language> {
  let language = languages.get(name);
  if (!language) {
    language = initRuntime().then(() => Language.load(fs.readFileSync(locateWasm(grammarFile[name]))));
    languages.set(name, language);
  }
  return language;
}

/** A parser for one grammar. The caller deletes it. */
export async function createParser(name: GrammarName): Promise<TreeSitter.Parser> {
  const language = await loadLanguage(name);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** Parses text, hands the tree to `use`, and frees the tree afterwards whatever happens. */
export function withTree<T>(parser: TreeSitter.Parser, text: string, use: (tree: TreeSitter.Tree) => T): T {
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}
