// eslint-like text: one line per finding, `path:line:col  severity  message  rule`, then a summary.
import { t } from '../../core/l10n';
import { defaultMaxBytes } from '../../core/analysis';
import { describeSkip, type ScanResult } from './scanResult';

export function formatScanText(result: ScanResult, maxBytes = defaultMaxBytes): string {
  const lines: string[] = [];
  let count = 0;
  for (const file of result.files) {
    for (const finding of file.findings) {
      count++;
      const { line, character } = finding.range.start;
      lines.push(`${file.path}:${line + 1}:${character + 1}  ${finding.severity}  ${finding.message}  ${finding.rule}`);
    }
  }
  for (const skipped of result.skipped) lines.push(`${skipped.path}: ${t('skipped')}: ${describeSkip(skipped.reason, maxBytes)}`);
  if (result.skipped.length > 0) lines.push(t('{0} file(s) skipped: they were not checked.', result.skipped.length));
  lines.push(count === 0
    ? t('No unhandled OpenAI calls found ({0} files scanned).', result.scannedFiles)
    : t('{0} problems in {1} files ({2} files scanned).', count, result.files.length, result.scannedFiles));
  return lines.join('\n') + '\n';
}
