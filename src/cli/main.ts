// The terminal front end: `openai-error-guard scan|explain|doctor`. Each command lives in its own module and
// uses the same core as the extension.
import { exitCode, UsageError, type CliIO } from './io';
import { runScan } from './scan';
import { runExplain } from './explain';
import { runDoctor } from './doctor';
import { tuneV8ForBatchRun } from './v8Tuning';
import { useLocaleFromEnvironment, t } from '../core/l10n';
import { version } from '../../package.json';
import { asksForHelp, commandSummaries, commandUsage, type CommandName } from './help';

type Command = (args: string[], io: CliIO) => Promise<number>;

const commands: Record<CommandName, Command> = { scan: runScan, explain: runExplain, doctor: runDoctor };

export function usage(): string {
  return [
    t('Usage: openai-error-guard <command> [options]'),
    '',
    t('Commands:'),
    ...commandSummaries(),
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
  const command = Object.hasOwn(commands, name) ? commands[name as CommandName] : undefined;
  if (!command) {
    io.stderr(t('openai-error-guard: unknown command "{0}" (try --help)', name) + '\n');
    return exitCode.usage;
  }
  if (asksForHelp(rest)) {
    io.stdout(commandUsage(name as CommandName) + '\n');
    return exitCode.ok;
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
  tuneV8ForBatchRun();
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
