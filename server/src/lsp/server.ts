// The Tifa language server (`tifa-lsp --stdio`): a registration table binding LSP messages to the
// handlers. Architecture invariant: only server/src/lsp imports vscode-languageserver.
import * as path from 'node:path';
import { format } from 'node:util';
import {
  createConnection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { FrameResync } from './framing';
import { onCodeAction, onCompletion, onExecuteCommand, onHover } from './handlers';
import { resolveLocale } from '../core/i18n';
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

/**
 * On stdio, messages pass through FrameResync, which survives a wrong Content-Length or stray bytes
 * (the stock reader would stay out of step for good). Other transports (VS Code uses node IPC) are
 * the library's own.
 */
function connect(): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  let conn: Connection | undefined;
  const input = new FrameResync((problem) => conn?.console.warn(`[tifa] ${problem}`));
  process.stdin.pipe(input);
  const c: Connection = createConnection(ProposedFeatures.all, input, process.stdout);
  conn = c;
  // as the library does for --stdio: console output must never reach stdout, the protocol channel
  const log = (level: 'log' | 'info' | 'warn' | 'error') => (...args: unknown[]) => c.console[level](format(...args));
  console.log = log('log');
  console.info = log('info');
  console.debug = log('log');
  console.warn = log('warn');
  console.error = log('error');
  return c;
}

const connection = connect();
let workspaceRoot: string | undefined;

/** Corpus folders from the settings; relative ones are relative to the (first) workspace folder. */
function resolveFolders(paths: string[]): string[] {
  return paths.map((p) => (path.isAbsolute(p) || !workspaceRoot ? p : path.resolve(workspaceRoot, p)));
}
const session = new Session(connection);

let initializeReceived = false;

/**
 * Wraps a handler so that an exception becomes a logged error and an empty answer, never a crash; a
 * request before `initialize` gets the protocol's ServerNotInitialized error.
 */
function guard<P, R>(name: string, fallback: R, fn: (p: P) => R | Promise<R>): (p: P) => Promise<R> {
  return async (p: P) => {
    if (!initializeReceived) throw new ResponseError(ErrorCodes.ServerNotInitialized, `${name} before initialize`);
    try {
      return await fn(p);
    } catch (e) {
      session.log(`${name} failed: ${(e as Error).stack ?? e}`);
      return fallback;
    }
  };
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  initializeReceived = true;
  session.init = (params.initializationOptions ?? {}) as InitializationOptions;
  session.locale = resolveLocale(session.init.locale ?? params.locale);
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
  await session.loadCorpus('lsp.reason.start');
});

connection.onDidChangeConfiguration(async () => {
  session.clearSettings();
  const settings = await session.settings('');
  const changed = JSON.stringify(resolveFolders(settings.corpus.paths)) !== JSON.stringify(session.extraFolders);
  session.extraFolders = resolveFolders(settings.corpus.paths);
  if (changed) await session.loadCorpus('lsp.reason.settings');
  else for (const doc of session.documents.all()) session.schedule(doc.uri, true);
});

session.documents.onDidOpen((e) => session.schedule(e.document.uri));
session.documents.onDidChangeContent((e) => session.schedule(e.document.uri));
session.documents.onDidClose((e) => session.closed(e.document.uri));
session.documents.onDidSave((e) => {
  const p = uriToPath(e.document.uri);
  if (p && session.corpus?.files.includes(p)) void session.loadCorpus('lsp.reason.saved');
});

connection.onHover(guard('hover', null, (p) => onHover(session, p)));
connection.onCompletion(guard('completion', { isIncomplete: true, items: [] }, (p) => onCompletion(session, p)));
connection.onCodeAction(guard('codeAction', [], (p) => onCodeAction(session, p)));
connection.onExecuteCommand(guard('executeCommand', null, (p) => onExecuteCommand(session, p)));
connection.onShutdown(() => session.dispose());

process.on('uncaughtException', (e) => session.log(`uncaught: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => session.log(`unhandled rejection: ${(e as Error)?.stack ?? e}`));

session.documents.listen(connection);
connection.listen();
