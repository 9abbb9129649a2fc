// Typed access to the extension's settings, read per resource so multi-root workspaces can differ per folder.
import * as vscode from 'vscode';
import type { RuleId, Severity } from '../core/types';

export const configSection = 'openaiErrorGuard';

import { handlerStyles, type HandlerStyle } from '../core/fixes/options';

export interface AnalysisSettings {
  enable: boolean;
  severity: Record<RuleId, Severity>;
  extraClientNames: string[];
  maxFileSizeKB: number;
  /** Judge findings against handling in their callers across the workspace (setting analysis.followCallers). */
  followCallers: boolean;
}

export interface FixSettings {
  handlerStyle: HandlerStyle;
  errorClasses: string[];
  /** `module:Class` of the project's exception, for the raiseProjectError style. */
  projectErrorClass: string;
}

const defaultSeverity: Record<RuleId, Severity> = {
  'unhandled-call': 'warning',
  'partial-handling': 'warning',
  'unreachable-handler': 'warning',
};

export function readAnalysisSettings(scope: vscode.ConfigurationScope | undefined): AnalysisSettings {
  const config = vscode.workspace.getConfiguration(configSection, scope);
  return {
    enable: config.get<boolean>('enable', true),
    severity: { ...defaultSeverity, ...config.get<Partial<Record<RuleId, Severity>>>('severity', {}) },
    extraClientNames: config.get<string[]>('extraClientNames', []),
    maxFileSizeKB: config.get<number>('analysis.maxFileSizeKB', 1024),
    followCallers: config.get<boolean>('analysis.followCallers', true),
  };
}

export function readFixSettings(scope: vscode.ConfigurationScope | undefined): FixSettings {
  const config = vscode.workspace.getConfiguration(configSection, scope);
  return {
    // A value this version no longer offers (the old `rethrow`) falls back to the default.
    handlerStyle: handlerStyles.find((style) => style === config.get<string>('fix.handlerStyle')) ?? 'logAndRethrow',
    errorClasses: config.get<string[]>('fix.errorClasses', []),
    projectErrorClass: config.get<string>('fix.projectErrorClass', ''),
  };
}

/**
 * A setting's value, ignoring what the workspace itself set when the workspace is not trusted: a cloned
 * repository must not choose where the user's key is sent or which files are read.
 */
export function readTrustedSetting<T>(key: string, scope: vscode.ConfigurationScope | undefined, fallback: T): T {
  const config = vscode.workspace.getConfiguration(configSection, scope);
  if (vscode.workspace.isTrusted) return config.get<T>(key, fallback);
  const inspected = config.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

/** Fires when any of this extension's settings change (optionally only those under a sub-key). */
export function onDidChangeSettings(listener: (event: vscode.ConfigurationChangeEvent) => void, subKey?: string): vscode.Disposable {
  const key = subKey ? `${configSection}.${subKey}` : configSection;
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(key)) listener(event);
  });
}
