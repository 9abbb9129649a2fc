// `openai-error-guard explain [--format text|json] [--catalog FILE]... [TEXT...]`: the hover's explanations in
// a terminal. TEXT arguments are joined with spaces; without them the text comes from standard input.
import * as fs from 'fs';
import * as path from 'path';
import { parseCommandArgs, oneOf } from './args';
import { exitCode, UsageError, type CliIO } from './io';
import { t } from '../core/l10n';
import {
  builtinCatalog,
  explainText,
  formatProblem,
  loadCatalogFiles,
  localizeEntry,
  renderEntryText,
  type Catalog,
  type CatalogMatch,
} from '../core/catalog';

export async function runExplain(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('explain', args, {
    format: { type: 'string' },
    catalog: { type: 'string', multiple: true },
  });
  const format = oneOf('--format', values.format, ['text', 'json'] as const, 'text');
  const catalog = loadCatalog(values.catalog ?? [], io);
  let text: string;
  if (positionals.length > 0) text = positionals.join(' ');
  else if (io.stdinIsTTY) throw new UsageError(t('explain: give the error text as arguments or pipe it into standard input'));
  else text = await io.readStdin();
  // The whole input, however long: the editor's cap on what one hover scans is no limit for a log file.
  const matches = explainText(text, catalog, { maxChars: Number.POSITIVE_INFINITY });
  io.stdout((format === 'json' ? formatJson(matches) : formatText(matches)) + '\n');
  return exitCode.ok;
}

function loadCatalog(files: readonly string[], io: CliIO): Catalog {
  const sources = files.map((file) => {
    try {
      return { file, text: fs.readFileSync(path.resolve(io.cwd, file), 'utf8') };
    } catch (error) {
      throw new UsageError(t('explain: cannot read catalog file {0}: {1}', file, error instanceof Error ? error.message : String(error)));
    }
  });
  const { catalog, problems } = loadCatalogFiles(sources, builtinCatalog());
  for (const problem of problems) io.stderr(`${t('warning')}: ${formatProblem(problem)}\n`);
  return catalog;
}

/** ARCHITECTURE.md's contract; positions are 1-based here, as everywhere the CLI prints them. */
function formatJson(matches: readonly CatalogMatch[]): string {
  return JSON.stringify({
    matches: matches.map((match) => {
      const entry = localizeEntry(match.entry);
      return {
        id: match.id,
        status: match.status ?? null,
        title: entry.title,
        cause: entry.cause,
        solution: entry.solution,
        retryable: entry.retryable,
        start: { line: match.start.line + 1, character: match.start.character + 1 },
        end: { line: match.end.line + 1, character: match.end.character + 1 },
        text: match.text,
      };
    }),
  }, null, 2);
}

/** One block per explanation, best first, each headed by where the text mentions it. */
function formatText(matches: readonly CatalogMatch[]): string {
  if (matches.length === 0) return t('No OpenAI error found.');
  const byId = new Map<string, CatalogMatch[]>();
  for (const match of matches) byId.set(match.id, [...(byId.get(match.id) ?? []), match]);
  return [...byId.values()].map((group) => {
    const best = group[0];
    const places = group.map((match) => `${match.start.line + 1}:${match.start.character + 1}`).join(', ');
    return `${t('At {0}:', places)} ${JSON.stringify(best.text)}\n${renderEntryText(best.entry, { seen: best })}`;
  }).join('\n\n');
}
