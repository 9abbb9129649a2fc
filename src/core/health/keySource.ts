// Where the health check takes the API key from, in a fixed order: the editor's secret storage, the
// environment, then a .env file in the workspace (the caller passes the folder only when it may be read).
import * as fs from 'fs';
import * as path from 'path';
import { parseDotenv } from './dotenv';

/** "secret-storage", "env:OPENAI_API_KEY" or "dotenv:OPENAI_API_KEY". */
export type KeySource = string;

export interface ResolvedKey {
  key: string;
  source: KeySource;
}

export interface KeyLookup {
  /** The key stored with "Set API Key" (VS Code only). */
  secret?: string;
  env: NodeJS.ProcessEnv;
  /** Folder whose .env file may be read; undefined when it must not be (an untrusted workspace). */
  dotenvFolder?: string;
  /** Variable names to look for, most specific first. */
  variables: readonly string[];
}

export interface KeyResolution {
  resolved?: ResolvedKey;
  /** Why a place that should have been readable was not (an unreadable .env); never contains key material. */
  notes: string[];
}

export function resolveApiKey(lookup: KeyLookup): KeyResolution {
  const notes: string[] = [];
  if (lookup.secret) return { resolved: { key: lookup.secret, source: 'secret-storage' }, notes };
  for (const name of lookup.variables) {
    const value = lookup.env[name];
    if (value) return { resolved: { key: value, source: `env:${name}` }, notes };
  }
  if (lookup.dotenvFolder !== undefined) {
    const file = path.join(lookup.dotenvFolder, '.env');
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') notes.push(`${file}: ${code ?? String(error)}`);
    }
    if (text !== undefined) {
      const values = parseDotenv(text);
      for (const name of lookup.variables) {
        const value = values.get(name);
        if (value) return { resolved: { key: value, source: `dotenv:${name}` }, notes };
      }
    }
  }
  return { notes };
}
