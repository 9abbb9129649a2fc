// The explanation panel beside the editor: what the hover shows, for text that has no hover (the terminal,
// the clipboard, a selection anywhere). One panel, reused; the page runs no script and allows one command,
// the health check.
import * as vscode from 'vscode';
import { healthCheckCommand, renderExplanationPage, type CatalogMatch } from '../core/catalog';
import { t } from '../core/l10n';

export const explanationViewType = 'openaiErrorGuard.explanation';

export class ExplanationPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Shows the explanations of `text` (found by the catalog matcher), replacing what the panel showed. */
  show(text: string, matches: readonly CatalogMatch[], source: string): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(explanationViewType, t('OpenAI error explained'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        enableCommandUris: [healthCheckCommand],
        localResourceRoots: [media],
      });
      this.panel.onDidDispose(() => { this.panel = undefined; });
    } else {
      this.panel.reveal(undefined, true);
    }
    const webview = this.panel.webview;
    webview.html = renderExplanationPage(text, matches, {
      cspSource: webview.cspSource,
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'explanation.css')).toString(),
      source,
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
