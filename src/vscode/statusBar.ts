// A status bar item with the last health-check verdict; clicking it runs the check again. It appears after
// the first check, so people who never use the check never see it.
import * as vscode from 'vscode';
import { verdictStatus, type HealthResult } from '../core/health';
import { t } from '../core/l10n';

export class HealthStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('openaiErrorGuard.health', vscode.StatusBarAlignment.Left, 0);

  constructor(command: string) {
    this.item.name = t('OpenAI health check');
    this.item.command = command;
  }

  showRunning(): void {
    this.item.text = `$(sync~spin) ${t('OpenAI')}`;
    this.item.tooltip = t('Checking the API key and the connection…');
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  showResult(result: HealthResult): void {
    const status = verdictStatus(result);
    this.item.text = result.ok ? `$(pass) ${t('OpenAI')}` : `$(error) ${t('OpenAI')}: ${status.label}`;
    this.item.tooltip = `${status.tooltip}\n${t('Click to check again.')}`;
    this.item.backgroundColor = result.ok ? undefined : new vscode.ThemeColor('statusBarItem.errorBackground');
    this.item.show();
  }

  /** A check that was cancelled or could not start leaves no verdict behind. */
  showIdle(): void {
    this.item.text = `$(question) ${t('OpenAI')}`;
    this.item.tooltip = t('Click to check the API key and the connection.');
    this.item.backgroundColor = undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
