// Where in a source line a position falls: inside a string or a comment (where error text lives), or in code.
// A one-line scan is enough for a hover: it is cheap, needs no parser, and gets the common cases right
// (a pasted error in a string literal, a comment quoting a log). Multi-line strings and block comments that
// started on an earlier line are recognised by their usual continuation forms only.

/** Comment markers by VS Code language id; languages not listed get both `#` and `//`. */
const lineCommentMarkers: Record<string, readonly string[]> = {
  python: ['#'], shellscript: ['#'], ruby: ['#'], yaml: ['#'], toml: ['#'], perl: ['#'], r: ['#'],
  dockerfile: ['#'], makefile: ['#'], powershell: ['#'], properties: ['#'], ini: [';', '#'], dotenv: ['#'],
  javascript: ['//'], typescript: ['//'], javascriptreact: ['//'], typescriptreact: ['//'], java: ['//'],
  c: ['//'], cpp: ['//'], csharp: ['//'], go: ['//'], rust: ['//'], kotlin: ['//'], swift: ['//'], php: ['//', '#'],
  dart: ['//'], scala: ['//'], jsonc: ['//'], json: [], sql: ['--'], lua: ['--'], haskell: ['--'],
};

const blockCommentLanguages = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'java', 'c', 'cpp', 'csharp', 'go', 'rust', 'kotlin', 'swift', 'php', 'dart', 'scala', 'jsonc', 'css']);

/** Languages whose whole text is prose or output, where every position counts. */
const proseLanguages = new Set(['log', 'plaintext', 'markdown', 'text', 'Log']);

export function isProseLanguage(languageId: string): boolean {
  return proseLanguages.has(languageId);
}

/** Whether `character` of `line` lies in a string literal or a comment of `languageId`. */
export function isInStringOrComment(line: string, character: number, languageId: string): boolean {
  const markers = lineCommentMarkers[languageId] ?? ['#', '//'];
  const blocks = blockCommentLanguages.has(languageId) || !(languageId in lineCommentMarkers);
  if (blocks && /^\s*\*/.test(line)) return true; // " * text" inside a /** … */ block
  let quote: string | undefined;
  let blockComment = false;
  for (let index = 0; index < line.length; index++) {
    if (index >= character) return quote !== undefined || blockComment;
    const char = line[index];
    if (blockComment) {
      if (line.startsWith('*/', index)) {
        blockComment = false;
        index++;
      }
    } else if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'" || char === '`') {
      quote = char;
    } else if (markers.some((marker) => line.startsWith(marker, index))) {
      return true;
    } else if (blocks && line.startsWith('/*', index)) {
      blockComment = true;
      index++;
    }
  }
  return quote !== undefined || blockComment;
}
