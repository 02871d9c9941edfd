// The Tifa language server (`tifa-lsp --stdio`): a registration table binding LSP messages to the
// handlers. Architecture invariant: only server/src/lsp imports vscode-languageserver.
import * as path from 'node:path';
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { onCodeAction, onCompletion, onExecuteCommand, onHover } from './handlers';
import { SERVER_COMMANDS, type InitializationOptions } from './protocol';
import { Session, uriToPath } from './session';

declare const TIFA_VERSION: string;

if (process.argv.includes('--version')) {
  process.stdout.write(`${TIFA_VERSION}\n`);
  process.exit(0);
}
if (process.argv.includes('--help')) {
  process.stdout.write('Usage: tifa-lsp --stdio\nThe Tifa language server, for any LSP client.\n');
  process.exit(0);
}

const connection = createConnection(ProposedFeatures.all);
let workspaceRoot: string | undefined;

/** Corpus folders from the settings; relative ones are relative to the (first) workspace folder. */
function resolveFolders(paths: string[]): string[] {
  return paths.map((p) => (path.isAbsolute(p) || !workspaceRoot ? p : path.resolve(workspaceRoot, p)));
}
const session = new Session(connection);

/** Wraps a handler so that an exception becomes a logged error and an empty answer, never a crash. */
function guard<P, R>(name: string, fallback: R, fn: (p: P) => R | Promise<R>): (p: P) => Promise<R> {
  return async (p: P) => {
    try {
      return await fn(p);
    } catch (e) {
      session.log(`${name} failed: ${(e as Error).stack ?? e}`);
      return fallback;
    }
  };
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  session.init = (params.initializationOptions ?? {}) as InitializationOptions;
  session.hasConfiguration = !!params.capabilities.workspace?.configuration;
  session.hasProgress = !!params.capabilities.window?.workDoneProgress;
  const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  workspaceRoot = root ? uriToPath(root) : undefined;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { resolveProvider: false, triggerCharacters: [] },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
    },
    serverInfo: { name: 'tifa', version: TIFA_VERSION },
  };
});

connection.onInitialized(async () => {
  if (session.hasConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'tifa' }).catch(() => undefined);
    const settings = await session.settings('');
    session.extraFolders = resolveFolders(settings.corpus.paths);
  }
  await session.loadCorpus('启动');
});

connection.onDidChangeConfiguration(async () => {
  session.clearSettings();
  const settings = await session.settings('');
  const changed = JSON.stringify(resolveFolders(settings.corpus.paths)) !== JSON.stringify(session.extraFolders);
  session.extraFolders = resolveFolders(settings.corpus.paths);
  if (changed) await session.loadCorpus('设置已更改');
  else for (const doc of session.documents.all()) session.schedule(doc.uri, true);
});

session.documents.onDidOpen((e) => session.schedule(e.document.uri));
session.documents.onDidChangeContent((e) => session.schedule(e.document.uri));
session.documents.onDidClose((e) => session.closed(e.document.uri));
session.documents.onDidSave((e) => {
  const p = uriToPath(e.document.uri);
  if (p && session.corpus?.files.includes(p)) void session.loadCorpus('语料文件已保存');
});

connection.onHover(guard('hover', null, (p) => onHover(session, p)));
connection.onCompletion(guard('completion', [], (p) => onCompletion(session, p)));
connection.onCodeAction(guard('codeAction', [], (p) => onCodeAction(session, p)));
connection.onExecuteCommand(guard('executeCommand', null, (p) => onExecuteCommand(session, p)));
connection.onShutdown(() => session.dispose());

process.on('uncaughtException', (e) => session.log(`uncaught: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => session.log(`unhandled rejection: ${(e as Error)?.stack ?? e}`));

session.documents.listen(connection);
connection.listen();
