// The report of the last check in a webview beside the editor: every step with its time, the verdict with
// the cause and fix. The page runs no script; its only link runs the check again.
import * as vscode from 'vscode';
import { renderReportHtml, type HealthResult } from '../core/health';
import { t } from '../core/l10n';

export class HealthReportView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly rerunCommand: string) {}

  /** Shows the report, or refreshes it in place when it is already open. */
  show(result: HealthResult, checkedAt: Date): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('openaiErrorGuard.healthReport', t('OpenAI health check'), vscode.ViewColumn.Beside, {
        enableScripts: false,
        enableCommandUris: [this.rerunCommand],
        localResourceRoots: [media],
      });
      this.panel.onDidDispose(() => { this.panel = undefined; });
    } else {
      this.panel.reveal(undefined, true);
    }
    this.update(result, checkedAt);
  }

  /** Keeps an open report current after a re-run. */
  update(result: HealthResult, checkedAt: Date): void {
    if (!this.panel) return;
    const webview = this.panel.webview;
    webview.html = renderReportHtml(result, {
      cspSource: webview.cspSource,
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'report.css')).toString(),
      rerunUri: `command:${this.rerunCommand}`,
      checkedAt: checkedAt.toLocaleString(vscode.env.language),
    });
  }

  /** The HTML currently shown (integration tests read it to see what the user sees). */
  html(): string | undefined {
    return this.panel?.webview.html;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
