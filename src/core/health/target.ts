// Where the editor's health check sends the key, and whether it must ask first. The base URL, organization and
// project come from the settings (a workspace's own values only when it is trusted), else from
// OPENAI_BASE_URL / OPENAI_ORG_ID / OPENAI_PROJECT_ID, else the defaults. A key the user brought (stored with
// "Set API Key" or in the environment) goes to a host the workspace chose only after the user agreed once
// for that workspace and host. Pure: the editor adapter supplies the inspected settings and the answer.
import { describeEndpoint, defaultBaseUrl } from './endpoint';

/** Who chose a value: the user's own settings or environment, the workspace, or nobody (the default). */
export type ValueOrigin = 'user-setting' | 'workspace-setting' | 'environment' | 'default';

/** One setting as the editor's inspect() reports it, per layer. */
export interface SettingLayers {
  user?: unknown;
  workspace?: unknown;
  workspaceFolder?: unknown;
}

export interface TargetInputs {
  baseUrl: SettingLayers;
  organization: SettingLayers;
  project: SettingLayers;
  env: NodeJS.ProcessEnv;
  workspaceTrusted: boolean;
}

export interface ChosenValue {
  value: string;
  origin: ValueOrigin;
}

export interface HealthTarget {
  baseUrl: ChosenValue;
  organization: ChosenValue;
  project: ChosenValue;
}

export function chooseHealthTarget(inputs: TargetInputs): HealthTarget {
  const choose = (layers: SettingLayers, variable: string, fallback: string): ChosenValue => {
    const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
    // An untrusted workspace must not choose where the key goes: its own layers are not read at all.
    const fromWorkspace = inputs.workspaceTrusted ? text(layers.workspaceFolder) ?? text(layers.workspace) : undefined;
    if (fromWorkspace !== undefined) return { value: fromWorkspace, origin: 'workspace-setting' };
    const fromUser = text(layers.user);
    if (fromUser !== undefined) return { value: fromUser, origin: 'user-setting' };
    const fromEnvironment = text(inputs.env[variable]);
    if (fromEnvironment !== undefined) return { value: fromEnvironment, origin: 'environment' };
    return { value: fallback, origin: 'default' };
  };
  return {
    baseUrl: choose(inputs.baseUrl, 'OPENAI_BASE_URL', ''),
    organization: choose(inputs.organization, 'OPENAI_ORG_ID', ''),
    project: choose(inputs.project, 'OPENAI_PROJECT_ID', ''),
  };
}

/** Whether the key the check will use is the user's own (stored, or in the environment) rather than the workspace's .env. */
export function usesUsersOwnKey(secretKey: string | undefined, env: NodeJS.ProcessEnv): boolean {
  return Boolean(secretKey) || Boolean(env.OPENAI_API_KEY) || Boolean(env.AZURE_OPENAI_API_KEY);
}

/**
 * The host ("name:port" as the URL writes it) the user must agree to before the check runs, or undefined
 * when no question is needed: the base URL is the user's own choice or the default, or the key is the
 * workspace's own. Throws BaseUrlError for a base URL that is not a URL (the caller reports it).
 */
export function hostNeedingConsent(target: HealthTarget, usersOwnKey: boolean): string | undefined {
  if (target.baseUrl.origin !== 'workspace-setting' || !usersOwnKey) return undefined;
  const host = describeEndpoint(target.baseUrl.value).modelsUrl.host;
  return host === new URL(defaultBaseUrl).host ? undefined : host;
}

/** The workspace-state key under which the answer for one host is remembered. */
export function consentStateKey(host: string): string {
  return `openaiErrorGuard.healthCheck.sendKeyTo:${host.toLowerCase()}`;
}
