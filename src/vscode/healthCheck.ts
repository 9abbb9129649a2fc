// The health-check commands: "Check API Key and Connectivity" runs the core check with a cancellable progress
// notification and reports the verdict (notification, webview report, status bar, output channel); "Set API
// Key" and "Clear API Key" manage the key in SecretStorage. Settings that choose where the key is sent are
// read with readTrustedSetting, and .env is read only in a trusted workspace.
import * as vscode from 'vscode';
import {
  BaseUrlError,
  defaultTimeoutMs,
  describeEndpoint,
  describeVerdict,
  findKeyProblem,
  formatHealthReport,
  HealthCheckCancelled,
  maskApiKey,
  runHealthCheck,
  verdictMessage,
  type HealthResult,
} from '../core/health';
import { t } from '../core/l10n';
import { configSection, readTrustedSetting } from './configuration';
import { HealthReportView } from './healthReport';
import { outputChannel } from './output';
import { ApiKeyStore } from './secrets';
import { HealthStatusItem } from './statusBar';

const checkCommand = 'openaiErrorGuard.checkHealth';

interface HealthSettings {
  baseUrl: string;
  organization: string;
  project: string;
  model: string;
  timeoutMs: number;
}

/** Options of the check command, for callers other than the palette (tests, other commands). */
export interface CheckHealthArgs {
  /** Open the report as soon as the check ends instead of offering it in the notification. */
  showReport?: boolean;
}

export function registerHealthCheck(context: vscode.ExtensionContext): vscode.Disposable {
  const keys = new ApiKeyStore(context.secrets);
  const status = new HealthStatusItem(checkCommand);
  const report = new HealthReportView(context.extensionUri, checkCommand);
  let last: { result: HealthResult; at: Date } | undefined;
  let running: Promise<HealthResult | undefined> | undefined;

  async function checkHealth(args: CheckHealthArgs = {}): Promise<HealthResult | undefined> {
    const scope = activeFolder()?.uri;
    const settings = readHealthSettings(scope);
    let insecure: boolean;
    try {
      insecure = describeEndpoint(settings.baseUrl).insecure;
    } catch (error) {
      if (!(error instanceof BaseUrlError)) throw error;
      void vscode.window.showErrorMessage(t('OpenAI health check: {0} Fix the setting {1}.', error.message, `${configSection}.healthCheck.baseUrl`));
      return undefined;
    }
    if (insecure && !(await confirmPlainHttp(settings.baseUrl))) return undefined;

    status.showRunning();
    const startedAt = Date.now();
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Checking the OpenAI API key and connection…'), cancellable: true },
      async (progress, token) => {
        const cancel = new AbortController();
        const subscription = token.onCancellationRequested(() => cancel.abort());
        try {
          return await runHealthCheck({
            ...settings,
            secretKey: await keys.get(),
            env: process.env,
            dotenvFolder: vscode.workspace.isTrusted ? activeFolder()?.uri.fsPath : undefined,
            proxy: vscode.workspace.getConfiguration('http').get<string>('proxy') || undefined,
            signal: cancel.signal,
          });
        } catch (error) {
          if (error instanceof HealthCheckCancelled) return undefined;
          throw error;
        } finally {
          subscription.dispose();
          progress.report({ increment: 100 });
        }
      },
    );
    if (!result) {
      status.showIdle();
      return undefined;
    }
    last = { result, at: new Date() };
    status.showResult(result);
    outputChannel().info(formatHealthReport(result).trimEnd());
    report.update(result, last.at);
    if (args.showReport) report.show(result, last.at);
    else void afterProgressCloses(startedAt).then(() => notify(result)).then((wantsReport) => { if (wantsReport && last) report.show(last.result, last.at); });
    return result;
  }

  return vscode.Disposable.from(
    status,
    report,
    vscode.commands.registerCommand(checkCommand, (args?: CheckHealthArgs) => {
      // A second click while a check runs joins it instead of starting another.
      running ??= checkHealth(args).finally(() => { running = undefined; });
      return running;
    }),
    vscode.commands.registerCommand('openaiErrorGuard.setApiKey', (key?: unknown) => setApiKey(keys, typeof key === 'string' ? key : undefined)),
    vscode.commands.registerCommand('openaiErrorGuard.clearApiKey', async () => {
      await keys.clear();
      void vscode.window.showInformationMessage(t('The stored OpenAI API key was removed.'));
    }),
  );
}

function readHealthSettings(scope: vscode.Uri | undefined): HealthSettings {
  const config = vscode.workspace.getConfiguration(configSection, scope);
  return {
    baseUrl: readTrustedSetting('healthCheck.baseUrl', scope, ''),
    organization: readTrustedSetting('healthCheck.organization', scope, ''),
    project: readTrustedSetting('healthCheck.project', scope, ''),
    model: config.get<string>('healthCheck.model', ''),
    timeoutMs: config.get<number>('healthCheck.timeoutMs', defaultTimeoutMs),
  };
}

/** The folder of the active editor, else the first one (multi-root workspaces may configure each). */
function activeFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder : undefined;
}

async function confirmPlainHttp(baseUrl: string): Promise<boolean> {
  const send = t('Send Anyway');
  const choice = await vscode.window.showWarningMessage(
    t('The base URL {0} uses plain HTTP: the API key would travel unencrypted to another computer. Send it anyway?', baseUrl),
    { modal: true },
    send,
  );
  return choice === send;
}

/** VS Code keeps a progress notification up for at least 800 ms (its progress service waits for that and the task
 * together), so a quick check's verdict would appear beside a progress bar that still spins. The verdict waits
 * until the progress notification has closed. */
const progressNotificationMinimumMs = 800;
function afterProgressCloses(startedAt: number): Promise<void> {
  const remaining = startedAt + progressNotificationMinimumMs + 100 - Date.now();
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, remaining)));
}

/** Resolves true when the user asks for the report. */
async function notify(result: HealthResult): Promise<boolean> {
  const showReport = t('Show Report');
  const verdict = describeVerdict(result);
  if (result.ok) {
    const key = result.key ? ` (${result.key.masked}, ${result.key.source})` : '';
    return (await vscode.window.showInformationMessage(`${verdict.title}${key}`, showReport)) === showReport;
  }
  return (await vscode.window.showErrorMessage(verdictMessage(result), showReport)) === showReport;
}

/** Stores a key typed into a password box (or passed in by a caller); returns whether one was stored. */
async function setApiKey(keys: ApiKeyStore, given: string | undefined): Promise<boolean> {
  const problemOf = (value: string) => findKeyProblem(value.trim(), 'openai', false);
  let key = given?.trim();
  if (key === undefined) {
    key = (await vscode.window.showInputBox({
      title: t('Set OpenAI API Key'),
      prompt: t('The key is kept in the operating system\'s secret store, not in settings.'),
      placeHolder: 'sk-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? undefined : problemOf(value)),
    }))?.trim();
    if (!key) return false;
  }
  const problem = problemOf(key);
  if (problem) {
    void vscode.window.showErrorMessage(t('The API key was not saved: {0}', problem));
    return false;
  }
  await keys.store(key);
  void vscode.window.showInformationMessage(t('OpenAI API key saved ({0}). Run "Check API Key and Connectivity" to test it.', maskApiKey(key)));
  return true;
}
