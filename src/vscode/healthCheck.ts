// The health-check commands: "Check API Key and Connectivity" runs the core check with a cancellable progress
// notification and reports the verdict (notification, webview report, status bar, output channel); "Set API
// Key" and "Clear API Key" manage the key in SecretStorage. Where the key goes is decided in core
// (chooseHealthTarget: settings, a workspace's own only when trusted, then OPENAI_BASE_URL / OPENAI_ORG_ID /
// OPENAI_PROJECT_ID); this adapter asks the questions core says are needed, and reads .env only in a trusted
// workspace.
import * as vscode from 'vscode';
import {
  BaseUrlError,
  chooseHealthTarget,
  consentStateKey,
  defaultTimeoutMs,
  describeVerdict,
  findPlainHttpWarnings,
  hostNeedingConsent,
  usesUsersOwnKey,
  findKeyProblem,
  formatHealthReport,
  HealthCheckCancelled,
  maskApiKey,
  runHealthCheck,
  verdictMessage,
  warningText,
  type HealthResult,
  type HealthTarget,
  type SettingLayers,
} from '../core/health';
import { t } from '../core/l10n';
import { configSection } from './configuration';
import { HealthReportView } from './healthReport';
import { outputChannel } from './output';
import { ApiKeyStore } from './secrets';
import { HealthStatusItem } from './statusBar';

const checkCommand = 'openaiErrorGuard.checkHealth';

interface HealthSettings {
  target: HealthTarget;
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
    const secretKey = await keys.get();
    const proxy = vscode.workspace.getConfiguration('http').get<string>('proxy') || undefined;
    let consentHost: string | undefined;
    try {
      consentHost = hostNeedingConsent(settings.target, usesUsersOwnKey(secretKey, process.env));
    } catch (error) {
      if (!(error instanceof BaseUrlError)) throw error;
      void vscode.window.showErrorMessage(t('OpenAI health check: {0} Fix the setting {1}.', error.message, `${configSection}.healthCheck.baseUrl`));
      return undefined;
    }
    if (consentHost && !(await consentToSend(context.workspaceState, consentHost))) return undefined;
    const plainHttp = findPlainHttpWarnings(settings.baseUrl, process.env, proxy);
    if (plainHttp.length > 0 && !(await confirmPlainHttp(settings.baseUrl, plainHttp.map(warningText).join(' ')))) return undefined;

    status.showRunning();
    const startedAt = Date.now();
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Checking the OpenAI API key and connection…'), cancellable: true },
      async (progress, token) => {
        const cancel = new AbortController();
        const subscription = token.onCancellationRequested(() => cancel.abort());
        try {
          return await runHealthCheck({
            baseUrl: settings.baseUrl,
            organization: settings.organization,
            project: settings.project,
            model: settings.model,
            timeoutMs: settings.timeoutMs,
            secretKey,
            env: process.env,
            dotenvFolder: vscode.workspace.isTrusted ? activeFolder()?.uri.fsPath : undefined,
            proxy,
            // Only reached when the base URL and proxy are this machine or the user confirmed plain HTTP above.
            allowInsecureHttp: plainHttp.length > 0,
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
  const layers = (key: string): SettingLayers => {
    const inspected = config.inspect<string>(key);
    return { user: inspected?.globalValue, workspace: inspected?.workspaceValue, workspaceFolder: inspected?.workspaceFolderValue };
  };
  const target = chooseHealthTarget({
    baseUrl: layers('healthCheck.baseUrl'),
    organization: layers('healthCheck.organization'),
    project: layers('healthCheck.project'),
    env: process.env,
    workspaceTrusted: vscode.workspace.isTrusted,
  });
  return {
    target,
    baseUrl: target.baseUrl.value,
    organization: target.organization.value,
    project: target.project.value,
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

async function confirmPlainHttp(baseUrl: string, why: string): Promise<boolean> {
  const send = t('Send Anyway');
  const choice = await vscode.window.showWarningMessage(
    t('OpenAI health check of {0}: {1} Send the API key anyway?', baseUrl || 'https://api.openai.com/v1', why),
    { modal: true },
    send,
  );
  return choice === send;
}

/**
 * Asks once per workspace and host before the user's own key goes to a base URL the workspace chose; the
 * answer is kept in workspace state. A remembered "no" is said again, with a way to change it.
 */
async function consentToSend(state: vscode.Memento, host: string): Promise<boolean> {
  const stateKey = consentStateKey(host);
  const send = t('Send to {0}', host);
  const remembered = state.get<'allow' | 'deny'>(stateKey);
  if (remembered === 'allow') return true;
  const choice = remembered === 'deny'
    ? await vscode.window.showWarningMessage(t('The API key was not sent: you declined sending it to {0}, the base URL this workspace sets.', host), send)
    : await vscode.window.showWarningMessage(
      t('This workspace sets the health check\'s base URL to {0}. Send your own API key (from the secret store or the environment) to {0}?', host),
      { modal: true, detail: t('Your answer is remembered for this workspace and host. Settings: {0}.', `${configSection}.healthCheck.baseUrl`) },
      send,
    );
  const allowed = choice === send;
  if (allowed || remembered === undefined) await state.update(stateKey, allowed ? 'allow' : 'deny');
  return allowed;
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
