// What every JavaScript/TypeScript fix that writes handlers reads from the file once: its style (indentation,
// semicolons, quotes), how it refers to the openai package, and the handler context for code written at a
// given indentation.
import type { Finding, SourceLanguage, TextEdit } from '../../types';
import type { FixOptions } from '../options';
import { defaultLineLength } from '../options';
import { perText, rowsInsideStrings, type SyntaxNode } from '../syntax';
import { lineEnding, splitLines } from '../text';
import { JsNameResolver, readJsImports, type JsImports } from './imports';
import type { JsHandlerContext } from './handlers';
import { jsStyle, type JsStyle } from './style';
import { jsImportEdits } from './edits';
import { catchNameCounts, catchVariableName } from './catchVariable';

const stringTypes = ['template_string', 'string'];

export interface JsFixContext {
  stringRows: Set<number>;
  style: JsStyle;
  imports: JsImports;
  names: JsNameResolver;
  eol: string;
  isTypeScript: boolean;
  /** Handlers for code whose `} catch (err) {` line (or callback's closing line) sits at `indent`. */
  handlerContext(indent: string, extra?: Partial<JsHandlerContext>): JsHandlerContext;
  /** The import lines the names used need, above `row` when that comes before the file's imports. */
  importEdits(row: number): TextEdit[];
}

/** `anchor` is a node inside the code being fixed: the catch variable follows what the function around it uses. */
export function jsFixContext(text: string, root: SyntaxNode, finding: Finding, options: FixOptions, language: SourceLanguage, baseIndent: string, anchor: SyntaxNode): JsFixContext {
  const lines = perText(text, 'lines', () => splitLines(text));
  const stringRows = perText(text, 'js:stringRows', () => rowsInsideStrings(root, stringTypes));
  const style = perText(text, `js:style:${baseIndent}`, () => jsStyle(root, lines, baseIndent));
  const isTypeScript = language === 'typescript' || language === 'typescriptreact';
  const imports = perText(text, 'js:imports', () => readJsImports(root));
  const names = new JsNameResolver(imports, isTypeScript);
  const v3 = finding.sdk === 'openai-node-v3';
  const errorVar = catchVariableName(anchor, perText(text, 'js:catchNames', () => catchNameCounts(root)));
  return {
    stringRows, style, imports, names, eol: lineEnding(text), isTypeScript,
    handlerContext: (indent, extra) => ({
      style: options.handlerStyle,
      names, indent, unit: style.unit, errorVar, semicolon: style.semicolon, quote: style.quote, isTypeScript,
      lineLength: options.lineLength ?? defaultLineLength(false),
      sdkRetries: v3 ? 0 : 2,
      projectError: options.handlerStyle === 'raiseProjectError' ? names.projectError(options.projectErrorClass) : undefined,
      ...extra,
    }),
    importEdits: (row) => jsImportEdits(names, imports, row, style.semicolon, style.quote, lineEnding(text)),
  };
}
