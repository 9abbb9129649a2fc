// Types shared by every core module and both front ends (extension and CLI).
// Positions are zero-based lines and UTF-16 characters, as in tree-sitter and VS Code.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A plain text replacement; the VS Code adapter and the CLI both apply these. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** VS Code language ids this project analyses. */
export type SourceLanguage = 'python' | 'javascript' | 'typescript' | 'javascriptreact' | 'typescriptreact';

export const sourceLanguages: readonly SourceLanguage[] = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'];

/** Rule ids: the diagnostic codes, and the keys of suppression comments. */
export type RuleId = 'unhandled-call' | 'partial-handling' | 'unreachable-handler';

export const ruleIds: readonly RuleId[] = ['unhandled-call', 'partial-handling', 'unreachable-handler'];

/** Which SDK generation a call belongs to: it decides the exception classes a fix names. */
export type SdkFlavour = 'openai-python-v1' | 'openai-python-v0' | 'openai-node-v4' | 'openai-node-v3';

export type Severity = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface Finding {
  rule: RuleId;
  /** Default severity before user settings apply. */
  severity: Exclude<Severity, 'off'>;
  message: string;
  /** The callee as written, e.g. "client.chat.completions.create". */
  call: string;
  sdk: SdkFlavour;
  /** The call expression. */
  range: Range;
  /** partial-handling: the error classes that still escape the existing handlers. */
  escaping?: string[];
  /** unreachable-handler: the handler that can never run. */
  handlerRange?: Range;
  /** unhandled-call: the call's stream leaves its function unread (returned, or passed to what is returned). */
  streamHandedOn?: boolean;
}
