// The thin VS Code client: starts the Tifa language server, shows a status item, and turns the
// palette commands into server commands (Quick Picks for their results). No analysis here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_COMMANDS, STATUS_NOTIFICATION, type QuotationItem, type SearchResultItem, type StatusParams, type WordCheckResult } from '../../server/src/lsp/protocol';

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;

function runServer(command: string, ...args: unknown[]): Promise<unknown> {
  if (!client) return Promise.resolve(undefined);
  return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    // a small young generation: the server's heap stays small, at no measurable cost in speed (bench/results.md)
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--max-semi-space-size=2'] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--max-semi-space-size=2', '--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'untitled', language: 'markdown' },
      { scheme: 'untitled', language: 'plaintext' },
      { scheme: 'vscode-remote', language: 'markdown' },
      { scheme: 'vscode-remote', language: 'plaintext' },
    ],
    synchronize: { configurationSection: 'tifa' },
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    outputChannelName: 'Tifa',
  };
  client = new LanguageClient('tifa', 'Tifa 提法', serverOptions, clientOptions);
  client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
    const icon = p.state === 'loading' ? '$(sync~spin)' : p.state === 'error' ? '$(warning)' : '$(book)';
    status.text = `${icon} Tifa ${p.state === 'loading' ? '…' : `${p.entries} 条`}`;
    status.tooltip = `${p.message}\n语料：${p.folders.join('、')}\n文献 ${p.documents} 篇；问题 ${p.problems} 处${p.segmenter?.note ? `\n${p.segmenter.note}` : ''}`;
    if (p.segmenter && p.segmenter.backend !== 'native' && p.state !== 'loading') status.text += ' (WASM)';
    status.show();
  });
  await client.start();
}

async function searchCorpus(): Promise<void> {
  const query = await vscode.window.showInputBox({ prompt: '在语料中搜索（词语或原文片段）', value: selectedText() });
  if (!query) return;
  const hits = ((await runServer(SERVER_COMMANDS.search, query)) as SearchResultItem[] | undefined) ?? [];
  if (!hits.length) {
    void vscode.window.showInformationMessage(`语料中没有找到“${query}”`);
    return;
  }
  const kindLabel = { document: '文献', quotation: '引文', term: '术语' } as const;
  const pick = await vscode.window.showQuickPick(
    hits.map((h) => ({ label: h.title, description: kindLabel[h.kind], detail: h.context, hit: h })),
    { matchOnDetail: true, placeHolder: `“${query}”：${hits.length} 处` },
  );
  if (!pick?.hit.uri) return;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(pick.hit.uri));
  const pos = new vscode.Position(pick.hit.line, pick.hit.character);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
}

async function insertQuotation(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { id: string }>();
  quickPick.placeholder = '按关键词或拼音搜索引文（如 着力点、zld）';
  quickPick.matchOnDetail = true;
  const refresh = async (value: string) => {
    quickPick.busy = true;
    const items = ((await runServer(SERVER_COMMANDS.listQuotations, value)) as QuotationItem[] | undefined) ?? [];
    quickPick.items = items.map((q) => ({ label: q.label, detail: q.detail, id: q.id, alwaysShow: true }));
    quickPick.busy = false;
  };
  quickPick.onDidChangeValue((v) => void refresh(v));
  const chosen = new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.id));
    quickPick.onDidHide(() => resolve(undefined));
  });
  quickPick.show();
  await refresh('');
  const id = await chosen;
  quickPick.dispose();
  if (!id) return;
  await runServer(SERVER_COMMANDS.insertQuotation, { uri: editor.document.uri.toString(), position: editor.selection.active, id });
}

async function showCorpusStatus(): Promise<void> {
  const s = (await runServer(SERVER_COMMANDS.status)) as Record<string, unknown> | undefined;
  if (!s) return;
  const problems = (s.problems as string[] | undefined) ?? [];
  const text = `Tifa 语料：术语 ${s.terms}，引文 ${s.quotations}，统计序列 ${s.statistics}，场合 ${s.occasions}，提法 ${s.formulations}，文献 ${s.documents}；问题 ${problems.length} 处`;
  const choice = await vscode.window.showInformationMessage(text, ...(problems.length ? ['查看问题'] : []));
  if (choice) {
    client?.outputChannel.appendLine(problems.join('\n'));
    client?.outputChannel.show();
  }
}

function selectedText(): string {
  const e = vscode.window.activeTextEditor;
  return e && !e.selection.isEmpty ? e.document.getText(e.selection) : '';
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.name = 'Tifa';
  status.text = '$(sync~spin) Tifa …';
  status.command = 'tifa.showCorpusStatus';
  status.show();
  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('tifa.searchCorpus', searchCorpus),
    vscode.commands.registerCommand('tifa.insertQuotation', insertQuotation),
    vscode.commands.registerCommand('tifa.showCorpusStatus', showCorpusStatus),
    ...registerWordCommand(),
    vscode.commands.registerCommand('tifa.restartServer', async () => {
      await client?.restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      await client?.stop();
      await startClient(context);
    }),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

// ------------------------------------------------------------------ Word documents (platform, issue #14)
// "检查 Word 文档": the server reads the .docx and checks its text; the text is shown in a read-only view
// (scheme tifa-word) with the findings as diagnostics, each naming its paragraph.

const WORD_SCHEME = 'tifa-word';
const wordTexts = new Map<string, string>();

function registerWordCommand(): vscode.Disposable[] {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const diagnostics = vscode.languages.createDiagnosticCollection('tifa-word');
  const provider: vscode.TextDocumentContentProvider = { onDidChange: changed.event, provideTextDocumentContent: (uri) => wordTexts.get(uri.toString()) ?? '' };
  const check = async (uri?: vscode.Uri) => {
    uri ??= (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Word 文档': ['docx'] }, openLabel: '检查' }))?.[0];
    if (!uri) return;
    const r = (await runServer(SERVER_COMMANDS.checkWordDocument, uri.toString())) as WordCheckResult | undefined;
    if (!r || 'error' in r) {
      void vscode.window.showErrorMessage(`Tifa：${r?.error ?? '语言服务器未就绪'}`);
      return;
    }
    const view = vscode.Uri.from({ scheme: WORD_SCHEME, path: `${uri.path}.txt`, query: uri.toString() });
    wordTexts.set(view.toString(), r.text);
    changed.fire(view);
    const doc = await vscode.workspace.openTextDocument(view);
    await vscode.window.showTextDocument(doc, { preview: false });
    const kinds = [vscode.DiagnosticSeverity.Error, vscode.DiagnosticSeverity.Warning, vscode.DiagnosticSeverity.Information, vscode.DiagnosticSeverity.Hint];
    diagnostics.set(
      view,
      r.diagnostics.map((d) => {
        const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
        const diag = new vscode.Diagnostic(range, d.message, kinds[(d.severity ?? 2) - 1]);
        diag.source = 'tifa';
        if (d.code !== undefined) diag.code = d.code;
        return diag;
      }),
    );
    void vscode.window.showInformationMessage(`Tifa：${path.basename(uri.fsPath)} 共 ${r.paragraphs} 段，发现 ${r.diagnostics.length} 处问题（见“问题”面板）`);
  };
  return [changed, diagnostics, vscode.workspace.registerTextDocumentContentProvider(WORD_SCHEME, provider), vscode.commands.registerCommand('tifa.checkWordDocument', check)];
}
