// The thin VS Code client: starts the Tifa language server, shows a status item, and turns the palette
// commands into server commands (Quick Picks and input boxes gather what they need). No analysis here.
// Every string a writer reads goes through vscode.l10n.t (English in code, Chinese in
// l10n/bundle.l10n.zh-cn.json); the server is told the editor's language and answers in it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  SERVER_COMMANDS,
  STATUS_NOTIFICATION,
  type AddQuotationParams,
  type AddQuotationResult,
  type CorpusChoices,
  type CreateFolderResult,
  type DocumentTextResult,
  type OccasionType,
  type QuotationItem,
  type SearchResultItem,
  type StatusParams,
  type WordCheckResult,
} from '../../server/src/shared/protocol';

const t = vscode.l10n.t;
let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;

/** Reference documents (the built-in corpus) and entry pages, read-only: tifa-ref:/doc/<id>/<title>.txt, tifa-ref:/term/<id>/<term>.md */
const REF_SCHEME = 'tifa-ref';
const DATE = /^\d{4}-\d{2}(-\d{2})?$/;

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
    // (reference documents, scheme tifa-ref, are not among them: their deliberate errors stay out of Problems)
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'untitled', language: 'markdown' },
      { scheme: 'untitled', language: 'plaintext' },
      { scheme: 'vscode-remote', language: 'markdown' },
      { scheme: 'vscode-remote', language: 'plaintext' },
    ],
    synchronize: { configurationSection: 'tifa' },
    initializationOptions: { trusted: vscode.workspace.isTrusted, locale: vscode.env.language, referenceLinks: 'command' },
    // hover links to corpus documents are command links that open them read-only; <sub> in hovers
    markdown: { isTrusted: { enabledCommands: ['tifa.openReference'] }, supportHtml: true },
    outputChannelName: 'Tifa',
  };
  client = new LanguageClient('tifa', 'Tifa 提法', serverOptions, clientOptions);
  client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
    const icon = p.state === 'loading' ? '$(sync~spin)' : p.state === 'error' ? '$(warning)' : '$(book)';
    status.text = p.state === 'loading' ? `${icon} Tifa …` : `${icon} ${t('Tifa {0} entries', p.entries)}`;
    status.tooltip = [
      p.message,
      t('Corpus: {0}', p.folders.join(t(', '))),
      t('{0} documents; {1} problems', p.documents, p.problems),
      ...(p.currency ? [p.currency] : []),
      ...(p.segmenter?.note ? [p.segmenter.note] : []),
    ].join('\n');
    if (p.segmenter && p.segmenter.backend !== 'native' && p.state !== 'loading') status.text += ' (WASM)';
    status.show();
  });
  await client.start();
}

// ---------------------------------------------------------------- reference documents, read-only

class ReferenceProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [, kind, id] = uri.path.split('/');
    const key = decodeURIComponent(id ?? '');
    if (kind === 'doc') {
      const doc = (await runServer(SERVER_COMMANDS.documentText, key)) as DocumentTextResult | null | undefined;
      return doc?.text ?? t('This document is not in the corpus.');
    }
    const d = (await runServer(SERVER_COMMANDS.describe, { kind, id: key })) as { markdown: string } | null | undefined;
    return d?.markdown ?? t('This entry is not in the corpus.');
  }
}

function safeName(s: string): string {
  return (
    s
      .replace(/[\\/:*?"<>|\s]+/g, ' ')
      .trim()
      .slice(0, 60) || 'tifa'
  );
}

function refUri(kind: 'doc' | 'term' | 'quotation' | 'statistic', id: string, title: string, ext: 'txt' | 'md'): vscode.Uri {
  return vscode.Uri.from({ scheme: REF_SCHEME, path: `/${kind}/${encodeURIComponent(id)}/${safeName(title)}.${ext}` });
}

/** Opens a corpus document read-only (a virtual document) at a place. */
async function openReference(
  arg?: { id?: string; line?: number; character?: number } | Array<{ id?: string; line?: number; character?: number }>,
): Promise<void> {
  const a = Array.isArray(arg) ? arg[0] : arg;
  if (!a?.id) return;
  const doc = (await runServer(SERVER_COMMANDS.documentText, a.id)) as DocumentTextResult | null | undefined;
  if (!doc) {
    void vscode.window.showWarningMessage(t('This document is not in the corpus.'));
    return;
  }
  const text = await vscode.workspace.openTextDocument(refUri('doc', doc.id, doc.title, 'txt'));
  const pos = new vscode.Position(a.line ?? 0, a.character ?? 0);
  await vscode.window.showTextDocument(text, { selection: new vscode.Range(pos, pos), preview: true });
}

/** Shows an entry of the knowledge base as its hover shows it (a read-only Markdown page in the preview). */
async function showEntry(kind: 'term' | 'quotation' | 'statistic', id: string, title: string): Promise<void> {
  const uri = refUri(kind, id, title, 'md');
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }
}

// ---------------------------------------------------------------- search, insert, status

async function searchCorpus(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const query = await vscode.window.showInputBox({ prompt: t('Search the corpus (a word or a phrase of the official wording)'), value: selectedText() });
  if (!query) return;
  const hits = ((await runServer(SERVER_COMMANDS.search, query)) as SearchResultItem[] | undefined) ?? [];
  if (!hits.length) {
    void vscode.window.showInformationMessage(t('Nothing in the corpus matches “{0}”', query));
    return;
  }
  const kindLabel = { document: t('document · open it here'), quotation: t('quotation · insert at the cursor'), term: t('term · show') } as const;
  const pick = await vscode.window.showQuickPick(
    hits.map((h) => ({ label: h.title, description: kindLabel[h.kind], detail: h.context, hit: h })),
    { matchOnDetail: true, placeHolder: t('“{0}”: {1} results', query, hits.length) },
  );
  if (!pick) return;
  const h = pick.hit;
  if (h.kind === 'document') await openReference({ id: h.id, line: h.line, character: h.character });
  else if (h.kind === 'term') await showEntry('term', h.id, h.title);
  else if (editor && !editor.document.isClosed && editor.document.uri.scheme !== REF_SCHEME) {
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    await runServer(SERVER_COMMANDS.insertQuotation, { uri: editor.document.uri.toString(), position: editor.selection.active, id: h.id });
  } else await showEntry('quotation', h.id, h.title);
}

async function insertQuotation(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { id: string }>();
  quickPick.placeholder = t('Search quotations by keyword or pinyin (e.g. 着力点, zld)');
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
  const text = t(
    'Tifa corpus: {0} terms, {1} quotations, {2} statistic series, {3} occasions, {4} formulations, {5} documents; {6} problems',
    String(s.terms),
    String(s.quotations),
    String(s.statistics),
    String(s.occasions),
    String(s.formulations),
    String(s.documents),
    problems.length,
  );
  const show = t('Show the problems');
  // a notification is one line: the currency lines follow the counts, each after a middle dot
  const currency = typeof s.currency === 'string' && s.currency ? ` · ${s.currency.split('\n').join(' · ')}` : '';
  const choice = await vscode.window.showInformationMessage(text + currency, ...(problems.length ? [show] : []));
  if (choice) {
    client?.outputChannel.appendLine(problems.join('\n'));
    client?.outputChannel.show();
  }
}

function selectedText(): string {
  const e = vscode.window.activeTextEditor;
  return e && !e.selection.isEmpty ? e.document.getText(e.selection) : '';
}

// ---------------------------------------------------------------- 加入本单位语料 (add to my corpus)

/** The user's corpus folders as the server resolves them, and the setting they come from. */
function configuredFolders(): string[] {
  return vscode.workspace.getConfiguration('tifa').get<string[]>('corpus.paths') ?? [];
}

function workspaceRoot(): string | undefined {
  const f = vscode.workspace.workspaceFolders?.[0];
  return f?.uri.scheme === 'file' || f?.uri.scheme === 'vscode-remote' ? f.uri.fsPath : undefined;
}

/** Adds a folder to tifa.corpus.paths (relative to the workspace when inside it); the server reloads. */
async function addFolderToSettings(folder: string): Promise<void> {
  const root = workspaceRoot();
  const rel =
    root && !path.relative(root, folder).startsWith('..') && !path.isAbsolute(path.relative(root, folder)) ? path.relative(root, folder) || '.' : folder;
  const paths = configuredFolders();
  const resolved = paths.map((p) => (path.isAbsolute(p) || !root ? p : path.resolve(root, p)));
  if (resolved.includes(folder)) return;
  const target = root ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('tifa').update('corpus.paths', [...paths, root ? rel.split(path.sep).join('/') : folder], target);
}

/** An input box in a numbered sequence; undefined when the writer cancels. */
function ask(
  step: string,
  prompt: string,
  options: { value?: string; placeHolder?: string; optional?: boolean; validate?: (v: string) => string | undefined } = {},
): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: step,
    prompt,
    value: options.value,
    placeHolder: options.placeHolder,
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() ? (options.optional ? undefined : t('Required')) : options.validate?.(v.trim())),
  });
}

const dateCheck = (v: string) => (DATE.test(v) ? undefined : t('Write the date as 2025-03-05 or 2025-03'));

/**
 * A Quick Pick of `items` where the writer may also type a value of their own (offered as the first
 * item, "Use “…”"). Resolves with the label chosen or typed, or undefined.
 */
function pickOrType<T extends vscode.QuickPickItem>(step: string, placeholder: string, items: T[], typed: (v: string) => T): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = step;
  qp.placeholder = placeholder;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  qp.items = items;
  qp.onDidChangeValue((v) => {
    const own = v.trim() && !items.some((i) => i.label === v.trim()) ? [typed(v.trim())] : [];
    qp.items = [...own, ...items];
  });
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

const OCCASION_TYPES: Array<{ type: OccasionType; label: () => string }> = [
  { type: 'meeting', label: () => t('meeting') },
  { type: 'speech', label: () => t('speech') },
  { type: 'inspection', label: () => t('inspection tour') },
  { type: 'review', label: () => t('deliberation with a delegation') },
  { type: 'conference', label: () => t('plenary session or congress') },
  { type: 'document', label: () => t('document') },
  { type: 'publication', label: () => t('publication') },
];

/** Which folder to write into: one of the configured folders, or a new one. */
async function chooseFolder(step: string, choices: CorpusChoices): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { folder?: string; create?: boolean };
  const items: Item[] = [
    ...choices.folders.filter((f) => f.exists).map((f) => ({ label: `$(folder) ${path.basename(f.path)}`, description: f.path, folder: f.path })),
    { label: `$(new-folder) ${t('New corpus folder…')}`, create: true },
  ];
  const pick =
    items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: step, placeHolder: t('Which corpus folder?'), ignoreFocusOut: true });
  if (!pick) return undefined;
  return pick.create ? createCorpusFolder({ openReadme: false }) : pick.folder;
}

async function addToCorpus(): Promise<void> {
  const title = (n: number) => `${t('Add to my corpus')} (${n}/7)`;
  let text = selectedText();
  if (!text.trim()) text = (await ask(title(1), t('The official wording to add (select it in the text first, or paste it here)'))) ?? '';
  if (!text.trim()) return;
  const choices = (await runServer(SERVER_COMMANDS.corpusChoices)) as CorpusChoices | undefined;
  if (!choices) return;
  if (!choices.trusted) {
    void vscode.window.showWarningMessage(t('In Restricted Mode Tifa uses its built-in corpus only. Trust this workspace to use your own corpus.'));
    return;
  }
  const folder = await chooseFolder(title(1), choices);
  if (!folder) return;

  type SpeakerItem = vscode.QuickPickItem & { value: string };
  const speaker = await pickOrType<SpeakerItem>(
    title(2),
    t('Who said or wrote it? Choose, or type a name'),
    choices.speakers.map((s) => ({ label: s, value: s })),
    (v) => ({ label: v, description: t('use this name'), value: v }),
  );
  if (!speaker) return;

  type OccasionItem = vscode.QuickPickItem & { id?: string; date?: string; create?: boolean };
  const mine = (o: CorpusChoices['occasions'][number]) => (o.speaker === speaker.value ? 0 : 1);
  const occasionItems: OccasionItem[] = [
    ...[...choices.occasions]
      .sort((a, b) => mine(a) - mine(b))
      .map((o) => ({
        label: o.name,
        description: o.date,
        detail: o.corpus === 'built-in' ? t('built-in corpus') : path.basename(o.corpus),
        id: o.id,
        date: o.date,
      })),
    { label: `$(add) ${t('New occasion…')}`, create: true, alwaysShow: true },
  ];
  const occasionPick = await vscode.window.showQuickPick(occasionItems, {
    title: title(3),
    placeHolder: t('On which occasion? Choose one, or create it'),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!occasionPick) return;
  let occasion: AddQuotationParams['occasion'];
  let occasionDate = occasionPick.date;
  if (occasionPick.create) {
    const name = await ask(title(3), t('Name of the occasion (e.g. 全市推进新质生产力发展大会)'));
    if (!name) return;
    const date = await ask(title(3), t('Date of the occasion (2025-03-05 or 2025-03)'), { validate: dateCheck });
    if (!date) return;
    const type = await vscode.window.showQuickPick(
      OCCASION_TYPES.map((o) => ({ label: o.label(), type: o.type })),
      { title: title(3), placeHolder: t('What kind of occasion?'), ignoreFocusOut: true },
    );
    if (!type) return;
    const place = await ask(title(3), t('Place (optional)'), { optional: true });
    if (place === undefined) return;
    occasion = { name: name.trim(), date: date.trim(), type: type.type, place: place.trim() || undefined };
    occasionDate = date.trim();
  } else occasion = { id: occasionPick.id! };

  const date = await ask(title(4), t('When were the words said or published? (2025-03-05 or 2025-03)'), { value: occasionDate, validate: dateCheck });
  if (!date) return;
  const sourceTitle = await ask(title(5), t('Source: the official publication it appeared in (document, newspaper or news agency release)'), {
    placeHolder: t('e.g. 《人民日报》2025年3月6日 第1版'),
  });
  if (!sourceTitle) return;
  const publisher = await ask(title(6), t('Source: the publisher'), { placeHolder: t('e.g. 人民日报社, 新华社, 市委办公室') });
  if (!publisher) return;
  const sourceDate = await ask(title(7), t('Source: its release date (2025-03-05 or 2025-03)'), { value: date.trim(), validate: dateCheck });
  if (!sourceDate) return;
  const url = await ask(title(7), t('Source: web address (optional)'), {
    optional: true,
    validate: (v) => (/^https?:\/\/\S+$/.test(v) ? undefined : t('A web address starts with http:// or https://')),
  });
  if (url === undefined) return;

  const params: AddQuotationParams = {
    folder,
    text,
    speaker: speaker.value,
    occasion,
    date: date.trim(),
    source: { title: sourceTitle.trim(), publisher: publisher.trim(), date: sourceDate.trim(), url: url.trim() || undefined },
  };
  const r = (await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Adding to your corpus…') }, () =>
    runServer(SERVER_COMMANDS.addQuotation, params),
  )) as AddQuotationResult | undefined;
  if (!r) return;
  if (!r.ok) {
    void vscode.window.showErrorMessage([r.message, ...(r.problems ?? [])].join('\n'), { modal: !!r.problems?.length });
    return;
  }
  if (!r.inSettings) await addFolderToSettings(folder);
  const open = t('Open the entry');
  const choice = await vscode.window.showInformationMessage(r.message, open);
  if (choice === open && r.file) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(r.file));
    const pos = new vscode.Position(r.line ?? 0, 0);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
  }
}

/** Creates a user corpus folder (README with examples, starter files) and adds it to the settings. */
async function createCorpusFolder(options: { openReadme?: boolean } = {}): Promise<string | undefined> {
  const root = workspaceRoot();
  type Item = vscode.QuickPickItem & { folder?: string };
  const items: Item[] = [];
  if (root)
    items.push({
      label: `$(new-folder) ${t('In this workspace: {0}', '本单位语料')}`,
      description: path.join(root, '本单位语料'),
      folder: path.join(root, '本单位语料'),
    });
  items.push({ label: `$(folder-opened) ${t('Choose another place…')}` });
  const pick = await vscode.window.showQuickPick(items, {
    title: t('New corpus folder'),
    placeHolder: t('Where should the corpus folder be?'),
    ignoreFocusOut: true,
  });
  if (!pick) return undefined;
  let folder = pick.folder;
  if (!folder) {
    const chosen = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: t('Use this folder') });
    if (!chosen?.[0]) return undefined;
    folder = chosen[0].fsPath;
  }
  const r = (await runServer(SERVER_COMMANDS.createCorpusFolder, { path: folder })) as CreateFolderResult | undefined;
  if (!r) return undefined;
  if (!r.ok) {
    void vscode.window.showErrorMessage(r.message);
    return undefined;
  }
  await addFolderToSettings(folder);
  void vscode.window.showInformationMessage(r.message);
  const readme = r.files?.find((f) => f.endsWith('README.md'));
  if (readme && options.openReadme !== false)
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(readme)), { preview: true, preserveFocus: true });
  return folder;
}

// ---------------------------------------------------------------- completion while typing

/** VS Code's own default for Markdown and plain text: suggestions only on Ctrl+Space. */
const QUICK_OFF = { other: 'off', comments: 'off', strings: 'off' };
const WROTE = 'tifa.quickSuggestionsOff';

/**
 * Tifa turns quick suggestions on for Markdown and plain text (configurationDefaults in package.json).
 * With tifa.completion.whileTyping off, it writes VS Code's own default back for those two languages in
 * the user settings, and takes that away again (only if it is still what Tifa wrote) when turned on.
 */
async function applyWhileTyping(context: vscode.ExtensionContext): Promise<void> {
  const on = vscode.workspace.getConfiguration('tifa').get<boolean>('completion.whileTyping', true);
  for (const languageId of ['markdown', 'plaintext']) {
    const editor = vscode.workspace.getConfiguration('editor', { languageId });
    const own = editor.inspect('quickSuggestions')?.globalLanguageValue;
    const key = `${WROTE}.${languageId}`;
    if (!on && own === undefined) {
      await editor.update('quickSuggestions', QUICK_OFF, vscode.ConfigurationTarget.Global, true);
      await context.globalState.update(key, true);
    } else if (on && context.globalState.get(key) && JSON.stringify(own) === JSON.stringify(QUICK_OFF)) {
      await editor.update('quickSuggestions', undefined, vscode.ConfigurationTarget.Global, true);
      await context.globalState.update(key, undefined);
    }
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.name = 'Tifa';
  status.text = '$(sync~spin) Tifa …';
  status.command = 'tifa.showCorpusStatus';
  status.show();
  context.subscriptions.push(
    status,
    vscode.workspace.registerTextDocumentContentProvider(REF_SCHEME, new ReferenceProvider()),
    vscode.commands.registerCommand('tifa.searchCorpus', searchCorpus),
    vscode.commands.registerCommand('tifa.insertQuotation', insertQuotation),
    vscode.commands.registerCommand('tifa.addToCorpus', addToCorpus),
    vscode.commands.registerCommand('tifa.createCorpusFolder', () => createCorpusFolder()),
    vscode.commands.registerCommand('tifa.openReference', openReference),
    vscode.commands.registerCommand('tifa.showCorpusStatus', showCorpusStatus),
    ...registerWordCommand(),
    vscode.commands.registerCommand('tifa.restartServer', async () => {
      await client?.restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      await client?.stop();
      await startClient(context);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('tifa.completion.whileTyping')) void applyWhileTyping(context);
    }),
  );
  void applyWhileTyping(context);
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
    uri ??= (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [t('Word documents')]: ['docx'] }, openLabel: t('Check') }))?.[0];
    if (!uri) return;
    const r = (await runServer(SERVER_COMMANDS.checkWordDocument, uri.toString())) as WordCheckResult | undefined;
    if (!r || 'error' in r) {
      void vscode.window.showErrorMessage(`Tifa: ${r?.error ?? t('the language server is not ready')}`);
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
    void vscode.window.showInformationMessage(
      t('Tifa: {0} has {1} paragraphs; {2} problems found (see the Problems panel)', path.basename(uri.fsPath), r.paragraphs, r.diagnostics.length),
    );
  };
  return [
    changed,
    diagnostics,
    vscode.workspace.registerTextDocumentContentProvider(WORD_SCHEME, provider),
    vscode.commands.registerCommand('tifa.checkWordDocument', check),
  ];
}
