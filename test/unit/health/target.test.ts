// Items 6 and 17 of issue 10: which base URL, organization and project the editor's check uses, and when it
// must ask before sending the user's own key to a host the workspace chose.
import * as assert from 'node:assert/strict';
import { chooseHealthTarget, consentStateKey, hostNeedingConsent, usesUsersOwnKey, type SettingLayers } from '../../../src/core/health';

const none: SettingLayers = {};

function target(baseUrl: SettingLayers, env: NodeJS.ProcessEnv = {}, workspaceTrusted = true, organization = none, project = none) {
  return chooseHealthTarget({ baseUrl, organization, project, env, workspaceTrusted });
}

describe('health check target (editor)', () => {
  it('17: OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID apply when no setting chooses', () => {
    const chosen = target(none, { OPENAI_BASE_URL: 'https://gw.example/v1', OPENAI_ORG_ID: 'org-env', OPENAI_PROJECT_ID: 'proj_env' });
    assert.deepEqual(chosen.baseUrl, { value: 'https://gw.example/v1', origin: 'environment' });
    assert.deepEqual(chosen.organization, { value: 'org-env', origin: 'environment' });
    assert.deepEqual(chosen.project, { value: 'proj_env', origin: 'environment' });
  });

  it('17: a setting wins over the environment; the folder over the workspace over the user', () => {
    const env = { OPENAI_BASE_URL: 'https://env.example/v1' };
    assert.equal(target({ user: 'https://user.example/v1' }, env).baseUrl.origin, 'user-setting');
    assert.deepEqual(target({ user: 'https://u.example/v1', workspace: 'https://w.example/v1', workspaceFolder: 'https://f.example/v1' }, env).baseUrl, { value: 'https://f.example/v1', origin: 'workspace-setting' });
    assert.deepEqual(target(none).baseUrl, { value: '', origin: 'default' });
  });

  it('an untrusted workspace cannot choose: its layers are ignored, the user\'s and the environment\'s apply', () => {
    const env = { OPENAI_BASE_URL: 'https://env.example/v1' };
    assert.deepEqual(target({ workspace: 'http://evil.example/v1' }, env, false).baseUrl, { value: 'https://env.example/v1', origin: 'environment' });
    assert.equal(target({ workspace: 'http://evil.example/v1', user: 'https://u.example/v1' }, {}, false).baseUrl.origin, 'user-setting');
    assert.equal(target(none, {}, false, { workspace: 'org-evil' }).organization.origin, 'default');
  });

  it('6: the user\'s own key going to a host the workspace chose needs consent, named by host', () => {
    const chosen = target({ workspace: 'https://gateway.corp.example:8443/v1' });
    assert.equal(hostNeedingConsent(chosen, true), 'gateway.corp.example:8443');
    assert.equal(consentStateKey('Gateway.corp.example:8443'), 'openaiErrorGuard.healthCheck.sendKeyTo:gateway.corp.example:8443');
  });

  it('6: no question for the user\'s own choices, the default, the official host, or the workspace\'s own key', () => {
    assert.equal(hostNeedingConsent(target({ user: 'https://gateway.corp.example/v1' }), true), undefined);
    assert.equal(hostNeedingConsent(target(none, { OPENAI_BASE_URL: 'https://gw.example/v1' }), true), undefined);
    assert.equal(hostNeedingConsent(target(none), true), undefined);
    assert.equal(hostNeedingConsent(target({ workspace: 'https://api.openai.com/v1' }), true), undefined);
    assert.equal(hostNeedingConsent(target({ workspace: 'https://gateway.corp.example/v1' }), false), undefined);
  });

  it('6: a stored key or a key in the environment is the user\'s own; a .env key is not', () => {
    assert.equal(usesUsersOwnKey('sk-stored', {}), true);
    assert.equal(usesUsersOwnKey(undefined, { OPENAI_API_KEY: 'sk-env' }), true);
    assert.equal(usesUsersOwnKey(undefined, {}), false);
  });
});
