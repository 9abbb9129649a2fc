// SARIF 2.1.0 as GitHub code scanning accepts it: one run, the rules with help links, results with relative
// artifact URIs and 1-based regions (columns in UTF-16 code units, SARIF's default for this tool's positions).
import { ruleDescription, ruleDocumentationUri } from '../../core/analysis/ruleDocs';
import { ruleIds, type Severity } from '../../core/types';
import { defaultMaxBytes } from '../../core/analysis';
import { describeSkip, type ScanResult } from './scanResult';

function level(severity: Exclude<Severity, 'off'>): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

export function formatScanSarif(result: ScanResult, toolVersion: string, maxBytes = defaultMaxBytes): string {
  const rules = ruleIds.map((id) => ({
    id,
    name: id,
    shortDescription: { text: ruleDescription(id) },
    helpUri: ruleDocumentationUri(id),
    defaultConfiguration: { level: 'warning' },
  }));
  const results = result.files.flatMap((file) => file.findings.map((finding) => ({
    ruleId: finding.rule,
    ruleIndex: ruleIds.indexOf(finding.rule),
    level: level(finding.severity),
    message: { text: finding.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: encodeURI(file.path), uriBaseId: '%SRCROOT%' },
        region: {
          startLine: finding.range.start.line + 1,
          startColumn: finding.range.start.character + 1,
          endLine: finding.range.end.line + 1,
          endColumn: finding.range.end.character + 1,
        },
      },
    }],
  })));
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'openai-error-guard', informationUri: 'https://github.com/openai-error-guard/openai-error-guard', version: toolVersion, rules } },
      columnKind: 'utf16CodeUnits',
      // Files that were not analysed, so a code-scanning view does not read their silence as "clean".
      ...(result.skipped.length > 0 ? {
        invocations: [{
          executionSuccessful: true,
          toolExecutionNotifications: result.skipped.map((skipped) => ({
            level: 'warning',
            descriptor: { id: `skipped-${skipped.reason}` },
            message: { text: `${skipped.path}: ${describeSkip(skipped.reason, maxBytes)}` },
            locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(skipped.path), uriBaseId: '%SRCROOT%' } } }],
          })),
        }],
      } : {}),
      results,
    }],
  }, null, 2) + '\n';
}
