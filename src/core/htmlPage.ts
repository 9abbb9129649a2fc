// The HTML shell of the extension's webviews (the health report and the error explanation): the same strict
// Content Security Policy for both, which allows the one stylesheet and nothing else (no script, no image).

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface HtmlPageOptions {
  /** The webview's cspSource, the only origin its stylesheet may come from. */
  cspSource: string;
  styleUri: string;
  title: string;
  /** The body, already escaped. */
  body: string;
}

export function htmlPage(options: HtmlPageOptions): string {
  return `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${escapeHtml(options.cspSource)};">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
  <title>${escapeHtml(options.title)}</title>
</head>
<body>
${options.body}
</body>
</html>
`;
}
