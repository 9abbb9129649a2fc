// The usage text of each command, for `openai-error-guard --help` and `<command> --help`.
import { t } from '../core/l10n';

export type CommandName = 'scan' | 'explain' | 'doctor';

/** Synopsis and one-line purpose of each command, as the overall help lists them. */
export function commandSummaries(): string[] {
  return [
    '  scan [--format text|json|sarif] [--fix [--handler-style logAndRethrow|retryWithBackoff|raiseProjectError]',
    '       [--project-error-class MODULE:CLASS]]',
    '       [--extra-client NAME]... [--max-file-size KB] [--no-follow-callers] [PATH...]',
    '      ' + t('find OpenAI calls without error handling; --fix writes the fixes'),
    '  explain [--format text|json] [--catalog FILE]... [TEXT...]',
    '      ' + t('explain OpenAI error messages (reads stdin without TEXT)'),
    '  doctor [--format text|json] [--base-url URL] [--timeout MS] [--model NAME] [--allow-insecure-http]',
    '      ' + t('check the API key and connectivity'),
  ];
}

/** The full usage of one command: synopsis, then each option. */
export function commandUsage(name: CommandName): string {
  const option = (flag: string, text: string) => `  ${flag.padEnd(28)} ${text}`;
  switch (name) {
    case 'scan':
      return [
        'Usage: openai-error-guard scan [options] [PATH...]',
        t('find OpenAI calls without error handling; --fix writes the fixes'),
        '',
        option('--format text|json|sarif', t('output format (default: text)')),
        option('--fix', t('write the preferred fix of each finding into the file')),
        option('--handler-style STYLE', t('with --fix: logAndRethrow (default), retryWithBackoff or raiseProjectError')),
        option('--project-error-class M:C', t('with raiseProjectError: the exception class to raise, as module:Class')),
        option('--extra-client NAME', t('also treat NAME as an OpenAI client (repeatable)')),
        option('--max-file-size KB', t('skip files larger than this, and say so (default: 1024)')),
        option('--no-follow-callers', t('judge each file on its own, not by the handling in its callers')),
        option('-h, --help', t('show this help')),
      ].join('\n');
    case 'explain':
      return [
        'Usage: openai-error-guard explain [options] [TEXT...]',
        t('explain OpenAI error messages (reads stdin without TEXT)'),
        '',
        option('--format text|json', t('output format (default: text)')),
        option('--catalog FILE', t('add a custom error catalog (JSONC; repeatable)')),
        option('-h, --help', t('show this help')),
      ].join('\n');
    case 'doctor':
      return [
        'Usage: openai-error-guard doctor [options]',
        t('check the API key and connectivity'),
        '',
        option('--format text|json', t('output format (default: text)')),
        option('--base-url URL', t('API base URL (default: OPENAI_BASE_URL, else https://api.openai.com/v1)')),
        option('--timeout MS', t('time limit of each step in milliseconds (1 to 600000, default: 10000)')),
        option('--model NAME', t('also check that the key may use this model')),
        option('--allow-insecure-http', t('send the key over plain HTTP to another computer (refused without it)')),
        option('-h, --help', t('show this help')),
      ].join('\n');
  }
}

/** Whether the arguments ask for help (before a "--" that ends the options). */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}
