// `openai-error-guard doctor [--format text|json] [--base-url URL] [--timeout MS] [--model NAME]
// [--allow-insecure-http]`: the health check in a terminal. The key comes from OPENAI_API_KEY, else the .env of the working folder; the
// organization and project from OPENAI_ORG_ID / OPENAI_PROJECT_ID; the base URL from --base-url, else
// OPENAI_BASE_URL. Exit 0 when healthy, 1 when a problem was diagnosed, 2 on usage errors.
import { parseCommandArgs, oneOf } from './args';
import { exitCode, UsageError, type CliIO } from './io';
import { t } from '../core/l10n';
import { BaseUrlError, defaultTimeoutMs, describeEndpoint, findPlainHttpWarnings, formatHealthReport, runHealthCheck, warningText } from '../core/health';

/** Ten minutes per step is far beyond any useful wait, and well inside what a timer can hold. */
const maxTimeoutMs = 600_000;

export async function runDoctor(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('doctor', args, {
    format: { type: 'string' },
    'base-url': { type: 'string' },
    timeout: { type: 'string' },
    model: { type: 'string' },
    'allow-insecure-http': { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(t('doctor: unexpected argument "{0}"', positionals[0]));
  const format = oneOf('--format', values.format, ['text', 'json'] as const, 'text');
  const timeoutMs = parseTimeout(values.timeout);
  const baseUrl = values['base-url'] ?? io.env.OPENAI_BASE_URL;
  try {
    // Checked before anything runs, so a mistyped URL is a usage error and not a diagnosis.
    describeEndpoint(baseUrl);
  } catch (error) {
    if (error instanceof BaseUrlError) throw new UsageError(`doctor: ${error.message}`);
    throw error;
  }
  // Said before anything is sent; without the flag nothing is sent at all.
  const allowInsecureHttp = values['allow-insecure-http'] === true;
  const plainHttp = findPlainHttpWarnings(baseUrl, io.env);
  if (plainHttp.length > 0 && !allowInsecureHttp) {
    throw new UsageError(`doctor: ${plainHttp.map(warningText).join(' ')} ${t('Nothing was sent; use https://, or add --allow-insecure-http to send it anyway.')}`);
  }
  for (const warning of plainHttp) io.stderr(`${t('warning')}: ${warningText(warning)}\n`);
  const result = await runHealthCheck({
    allowInsecureHttp,
    baseUrl,
    organization: io.env.OPENAI_ORG_ID,
    project: io.env.OPENAI_PROJECT_ID,
    model: values.model,
    timeoutMs,
    env: io.env,
    dotenvFolder: io.cwd,
  });
  for (const warning of result.warnings) {
    if (!plainHttp.includes(warning)) io.stderr(`${t('warning')}: ${warningText(warning)}\n`);
  }
  io.stdout(format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatHealthReport(result));
  return result.ok ? exitCode.ok : exitCode.problems;
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return defaultTimeoutMs;
  const ms = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(ms) || ms < 1 || ms > maxTimeoutMs) {
    throw new UsageError(t('doctor: --timeout must be a whole number of milliseconds from 1 to {0} (got "{1}")', maxTimeoutMs, value));
  }
  return ms;
}
