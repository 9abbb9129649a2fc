// The terminal front end: `openai-error-guard scan|explain|doctor`. Each command lives in its own module and
// uses the same core as the extension.
import { exitCode, UsageError, type CliIO } from './io';
import { runScan } from './scan';
import { runExplain } from './explain';
import { runDoctor } from './doctor';
import { useLocaleFromEnvironment, t } from '../core/l10n';
import { version } from '../../package.json';

type Command = (args: string[], io: CliIO) => Promise<number>;

const commands: Record<string, Command> = { scan: runScan, explain: runExplain, doctor: runDoctor };

export function usage(): string {
  return [
    t('Usage: openai-error-guard <command> [options]'),
    '',
    t('Commands:'),
    '  scan [--format text|json|sarif] [--fix [--handler-style logAndRethrow|retryWithBackoff|raiseProjectError]',
    '       [--project-error-class MODULE:CLASS]]',
    '       [--extra-client NAME]... [PATH...]',
    '      ' + t('find OpenAI calls without error handling; --fix writes the fixes'),
    '  explain [--format text|json] [--catalog FILE]... [TEXT...]',
    '      ' + t('explain OpenAI error messages (reads stdin without TEXT)'),
    '  doctor [--format text|json] [--base-url URL] [--timeout MS] [--model NAME]',
    '      ' + t('check the API key and connectivity'),
    '',
    t('Options:'),
    '  -h, --help      ' + t('show this help'),
    '  -v, --version   ' + t('show the version'),
    '',
    t('Exit codes: 0 nothing found / healthy, 1 problems found, 2 usage or I/O error.'),
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  useLocaleFromEnvironment(io.env);
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.stdout(usage() + '\n');
    return name === undefined ? exitCode.usage : exitCode.ok;
  }
  if (name === '-v' || name === '--version') {
    io.stdout(version + '\n');
    return exitCode.ok;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(t('openai-error-guard: unknown command "{0}" (try --help)', name) + '\n');
    return exitCode.usage;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`openai-error-guard ${error.message}\n`);
      return exitCode.usage;
    }
    io.stderr(`openai-error-guard ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCode.usage;
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

if (require.main === module) {
  const io: CliIO = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    cwd: process.cwd(),
    env: process.env,
  };
  runCli(process.argv.slice(2), io).then((code) => { process.exitCode = code; });
}
