// The JSON contract of ARCHITECTURE.md: {"version":1,"files":[{path, language, findings:[…]}]}, 1-based positions.
import type { ScanResult } from './scanResult';
import { oneBased } from './scanResult';

export function formatScanJson(result: ScanResult): string {
  return JSON.stringify({
    version: 1,
    files: result.files.map((file) => ({
      path: file.path,
      language: file.language,
      findings: file.findings.map((finding) => ({
        rule: finding.rule,
        severity: finding.severity,
        message: finding.message,
        call: finding.call,
        sdk: finding.sdk,
        range: { start: oneBased(finding.range.start), end: oneBased(finding.range.end) },
        ...(finding.escaping ? { escaping: finding.escaping } : {}),
        ...(finding.handlerRange ? { handlerRange: { start: oneBased(finding.handlerRange.start), end: oneBased(finding.handlerRange.end) } } : {}),
      })),
    })),
    // Additive to version 1: present only when something was not analysed.
    ...(result.skipped.length > 0 ? { skipped: result.skipped.map(({ path, reason }) => ({ path, reason })) } : {}),
  }, null, 2) + '\n';
}
