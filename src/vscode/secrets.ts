// The API key the user set with "Set API Key", kept in VS Code's SecretStorage (the OS keychain), never in
// settings.json where a commit or a settings sync could carry it away.
import * as vscode from 'vscode';

const secretName = 'openaiErrorGuard.apiKey';

export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(): Thenable<string | undefined> {
    return this.secrets.get(secretName);
  }

  store(key: string): Thenable<void> {
    return this.secrets.store(secretName, key);
  }

  clear(): Thenable<void> {
    return this.secrets.delete(secretName);
  }
}
