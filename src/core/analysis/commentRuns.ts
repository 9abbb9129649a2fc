// tree-sitter-python's external scanner slows down quadratically on long runs of consecutive comment-only lines
// (1,000 lines: 0.5 s; 4,000: over 4 s; 8,000: over 40 s), while blank lines cost nothing. Such runs are
// commented-out code or generated banners; their text can hold no call and no statement. Before a bulk parse,
// their lines are turned into spaces of the same length, so offsets, lines and columns stay exactly the same.
// The last lines of a run stay as written: a suppression comment there can still apply to the code below.
import type { SourceLanguage } from '../types';

/** Runs shorter than this are left alone: they parse in linear time in practice. */
export const longCommentRun = 64;
/** Lines at the end of a run kept as written (`# openai-error-guard: ignore-next-line` must still work). */
const keptAtEnd = 2;
/** Suppression comments (`# openai-error-guard: ignore-file`) are kept wherever they are. */
const suppressionWord = 'openai-error-guard';

/** A line of the text: where its content starts and ends (line break excluded) and where the next line starts. */
interface Line {
  start: number;
  end: number;
  next: number;
}

function* linesOf(text: string): Generator<Line> {
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start);
    const lineEnd = newline === -1 ? text.length : newline;
    const end = lineEnd > start && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const next = newline === -1 ? text.length + 1 : newline + 1;
    yield { start, end, next };
    start = next;
  }
}

/** Whether a line holds only a `#` comment. */
function isCommentLine(text: string, line: Line): boolean {
  let index = line.start;
  while (index < line.end && (text.charCodeAt(index) === 32 || text.charCodeAt(index) === 9)) index++;
  return index < line.end && text.charCodeAt(index) === 35;
}

/** Python text with the comment lines of long runs blanked (the same string when there is none). */
export function blankLongCommentRuns(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let run: Line[] = [];
  const closeRun = (): void => {
    if (run.length >= longCommentRun) {
      for (const line of run.slice(0, run.length - keptAtEnd)) {
        const content = text.slice(line.start, line.end);
        if (content.includes(suppressionWord)) continue;
        parts.push(text.slice(copied, line.start), ' '.repeat(content.length));
        copied = line.end;
      }
    }
    run = [];
  };
  for (const line of linesOf(text)) {
    if (isCommentLine(text, line)) run.push(line);
    else closeRun();
  }
  closeRun();
  if (parts.length === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** The text the parser and the detectors read in a bulk analysis: the same offsets, long Python comment runs blanked. */
export function bulkAnalysisText(text: string, language: SourceLanguage): string {
  return language === 'python' ? blankLongCommentRuns(text) : text;
}
