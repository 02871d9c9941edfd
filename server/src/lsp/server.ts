// The Tifa language server (`tifa-lsp --stdio`): a registration table binding LSP messages to the
// handlers. Architecture invariant: only server/src/lsp imports vscode-languageserver.
// The same bundle runs the corpus worker (../corpus/worker.ts) when it is started as a worker thread.
import * as path from 'node:path';
import { format } from 'node:util';
import {
  createConnection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentSyncKind,
  type Connection,
  type DataCallback,
  type InitializeError,
  type InitializeParams,
  type InitializeResult,
  type Message,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { resolveLocale } from '../core/i18n';
import { isCorpusWorker, runCorpusWorker } from '../corpus/worker';
import { FrameResync } from './framing';
import { onCodeAction, onCompletion, onExecuteCommand, onHover } from './handlers';
import { SERVER_COMMANDS, type InitializationOptions } from '../shared/protocol';
import { Session, uriToPath } from './session';

declare const TIFA_VERSION: string;

if (isCorpusWorker()) runCorpusWorker();
else main();

const SECOND_INITIALIZE = 'initialize was already received: the LSP initialize request is sent once per server; the first settings stay';

/**
 * Passes on the first `initialize` request and answers any later one itself, with InvalidRequest,
 * before the library sees it: the library would otherwise take its parent process id (a dead one ends
 * the server) and capabilities, and Tifa its settings, `trusted` among them.
 */
function oneInitialize(reader: MessageReader, writer: MessageWriter, refused: () => void): MessageReader {
  let seen = false;
  return {
    get onError() {
      return reader.onError;
    },
    get onClose() {
      return reader.onClose;
    },
    get onPartialMessage() {
      return reader.onPartialMessage;
    },
    listen: (callback: DataCallback) =>
      reader.listen((msg: Message) => {
        const m = msg as { method?: unknown; id?: number | string };
        if (m.method === 'initialize' && m.id !== undefined) {
          if (seen) {
            void writer
              .write({ jsonrpc: '2.0', id: m.id, error: { code: ErrorCodes.InvalidRequest, message: SECOND_INITIALIZE } } as Message)
              .catch(() => undefined);
            refused();
            return;
          }
          seen = true;
        }
        callback(msg);
      }),
    dispose: () => reader.dispose(),
  };
}

function main(): void {
  if (process.argv.includes('--version')) {
    process.stdout.write(`${TIFA_VERSION}\n`);
    process.exit(0);
  }
  if (process.argv.includes('--help')) {
    process.stdout.write('Usage: tifa-lsp --stdio\nThe Tifa language server, for any LSP client.\n');
    process.exit(0);
  }

  let shutdownReceived = false;
  const refused = () => conn?.console.warn('[tifa] a second initialize request was refused (InvalidRequest); the first settings stay');
  let conn: Connection | undefined;

  /**
   * On stdio, messages pass through FrameResync, which survives a wrong Content-Length or stray bytes
   * (the stock reader would stay out of step for good). On stdio and node IPC (VS Code's) a second
   * initialize is refused before the library sees it (oneInitialize); sockets and pipes are the
   * library's own, and there the handler refuses it.
   */
  function connect(): Connection {
    if (process.argv.includes('--node-ipc')) {
      const writer = new IPCMessageWriter(process);
      return (conn = createConnection(ProposedFeatures.all, oneInitialize(new IPCMessageReader(process), writer, refused), writer));
    }
    if (!process.argv.includes('--stdio')) return (conn = createConnection(ProposedFeatures.all));
    const input = new FrameResync((problem) => conn?.console.warn(`[tifa] ${problem}`));
    process.stdin.pipe(input);
    const writer = new StreamMessageWriter(process.stdout);
    const c: Connection = createConnection(ProposedFeatures.all, oneInitialize(new StreamMessageReader(input), writer, refused), writer);
    conn = c;
    // as the library does for a stream it is given: the end of the input ends the server
    for (const event of ['end', 'close']) input.on(event, () => process.exit(shutdownReceived ? 0 : 1));
    // as the library does for --stdio: console output must never reach stdout, the protocol channel
    const log =
      (level: 'log' | 'info' | 'warn' | 'error') =>
      (...args: unknown[]) =>
        c.console[level](format(...args));
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

  connection.onInitialize((params: InitializeParams): InitializeResult | ResponseError<InitializeError> => {
    if (initializeReceived) return new ResponseError<InitializeError>(ErrorCodes.InvalidRequest, SECOND_INITIALIZE, { retry: false });
    initializeReceived = true;
    session.init = (params.initializationOptions ?? {}) as InitializationOptions;
    session.locale = resolveLocale(session.init.locale ?? params.locale);
    session.hasConfiguration = !!params.capabilities.workspace?.configuration;
    session.hasProgress = !!params.capabilities.window?.workDoneProgress;
    session.hasRelatedInformation = !!params.capabilities.textDocument?.publishDiagnostics?.relatedInformation;
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
  connection.onShutdown(() => {
    shutdownReceived = true;
    session.dispose();
  });

  process.on('uncaughtException', (e) => session.log(`uncaught: ${e.stack ?? e}`));
  process.on('unhandledRejection', (e) => session.log(`unhandled rejection: ${(e as Error)?.stack ?? e}`));

  session.documents.listen(connection);
  connection.listen();
}
