/**
 * The Jira token in VS Code: kept in SecretStorage (never in settings), set
 * and cleared by the commands "DM Report: Set Jira Token" and "DM Report:
 * Clear Jira Token", and handed to the language server ONLY through the
 * server process's environment (`DM_REPORT_JIRA_TOKEN` in
 * `ServerOptions.options.env`): never in initializationOptions, settings or
 * any LSP message, which `dmReport.trace.server` would write to the output.
 * A change of the stored token restarts the server so that it takes effect.
 */
import * as vscode from 'vscode';

/** The SecretStorage key of the token. */
export const JIRA_TOKEN_SECRET = 'dmReport.jiraToken';

/** The environment variable the server reads. */
export const JIRA_TOKEN_ENV = 'DM_REPORT_JIRA_TOKEN';

/** Command ids contributed in package.json. */
export const JiraTokenCommands = {
  set: 'dmReport.setJiraToken',
  clear: 'dmReport.clearJiraToken',
} as const;

/**
 * The environment of the server process: this process's, with the stored
 * token (if any) as `DM_REPORT_JIRA_TOKEN`. Without a stored token, a token
 * VS Code itself was started with in its environment still applies.
 */
export async function serverEnvironment(secrets: vscode.SecretStorage): Promise<NodeJS.ProcessEnv> {
  const token = await secrets.get(JIRA_TOKEN_SECRET);
  return token ? { ...process.env, [JIRA_TOKEN_ENV]: token } : { ...process.env };
}

/**
 * Registers the two commands and the restart on change.
 * @param restart restarts the language server (a new process, with the new environment).
 */
export function registerJiraTokenCommands(secrets: vscode.SecretStorage, restart: () => Promise<void>): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(JiraTokenCommands.set, async () => {
      const token = await vscode.window.showInputBox({
        title: 'DM Report: Jira token',
        prompt: 'A Jira Server/Data Center personal access token (sent as Bearer), or email:apitoken for Jira Cloud (sent as Basic). Kept in VS Code\'s secret storage.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' ? 'Enter a token, or press Escape to cancel.' : /\s/.test(v.trim()) ? 'A token has no spaces.' : undefined),
      });
      if (token === undefined) return;
      await secrets.store(JIRA_TOKEN_SECRET, token.trim());
      void vscode.window.showInformationMessage('DM Report: Jira token stored; the language server restarts to use it.');
    }),
    vscode.commands.registerCommand(JiraTokenCommands.clear, async () => {
      await secrets.delete(JIRA_TOKEN_SECRET);
      void vscode.window.showInformationMessage('DM Report: Jira token cleared.');
    }),
    // Fires for store and delete, from these commands or another window: the server process must be started again.
    secrets.onDidChange((e) => {
      if (e.key === JIRA_TOKEN_SECRET) void restart().catch(() => undefined);
    }),
  ];
}
