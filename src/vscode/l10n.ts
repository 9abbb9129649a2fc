// Hands VS Code's loaded l10n bundle to the core translator, so core strings (hover, report, messages)
// appear in the display language the user chose.
import * as vscode from 'vscode';
import { useBundle } from '../core/l10n';

export function initLocalization(): void {
  useBundle(vscode.env.language, vscode.l10n.bundle);
}
