/**
 * Editing help in `.lua` files: completion of command names inside `redis.call('`, of KEYS[/ARGV[
 * indexes and of `redis.*` (and cjson/cmsgpack/struct/bit) members; hovers for both.
 */
import * as vscode from 'vscode';
import { bundledCommandDocs, CommandDoc, mergeCommandDocs } from '../../core/lua/commandDocs';
import { readDirectives } from '../../core/lua/directives';
import { ApiMember, REDIS_LUA_API } from '../../core/lua/redisApi';
import { FeatureContext } from '../featureContext';

const LUA: vscode.DocumentSelector = { language: 'lua' };
const COMMAND_CONTEXT = /\bredis\s*\.\s*p?call\s*\(\s*(['"])([\w.|-]*)$/;
const INDEX_CONTEXT = /\b(KEYS|ARGV)\[\s*(\d*)$/;
const MEMBER_CONTEXT = /\b(redis|cjson|cmsgpack|struct|bit)\.(\w*)$/;
const COMMAND_IN_CALL = /\bredis\s*\.\s*p?call\s*\(\s*(['"])([^'"]+)\1(?:\s*,\s*(['"])([^'"]+)\3)?/g;
const DOTTED_NAME = /[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+/;
/** Index completion offers 1..N; N when the file declares no `--! KEYS:`/`--! ARGV:`. */
const DEFAULT_INDEXES = 3;

/** Docs to show: bundled, merged with the server's when there are some (merged once per list). */
class CommandDocsSource {
  private bundled: CommandDoc[] | undefined;
  private readonly merged = new WeakMap<CommandDoc[], CommandDoc[]>();
  private readonly indexes = new WeakMap<CommandDoc[], Map<string, CommandDoc>>();

  constructor(private readonly serverDocs: () => Promise<CommandDoc[] | undefined>) {}

  async all(): Promise<CommandDoc[]> {
    this.bundled ??= bundledCommandDocs();
    const server = await this.serverDocs().catch(() => undefined);
    if (!server || server.length === 0) return this.bundled;
    let docs = this.merged.get(server);
    if (!docs) {
      docs = mergeCommandDocs(this.bundled, server);
      this.merged.set(server, docs);
    }
    return docs;
  }

  async find(name: string): Promise<CommandDoc | undefined> {
    const docs = await this.all();
    let index = this.indexes.get(docs);
    if (!index) {
      index = new Map(docs.map((d) => [d.name, d]));
      this.indexes.set(docs, index);
    }
    return index.get(name.toUpperCase());
  }
}

/** True when the text before the cursor is inside a `--` comment (strings taken out first). */
function inComment(prefix: string): boolean {
  return prefix.replace(/"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?/g, '""').includes('--');
}

function commandMarkdown(doc: CommandDoc): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendCodeblock(doc.syntax, 'text');
  if (doc.summary) md.appendMarkdown(`${doc.summary}\n\n`);
  const facts = [
    doc.since && `Since ${doc.since}`,
    doc.group && `group ${doc.group}`,
    doc.keyPositions && `keys: ${doc.keyPositions}`,
    doc.flags.length > 0 && `flags: ${doc.flags.join(', ')}`,
  ].filter(Boolean);
  if (facts.length) md.appendMarkdown(`*${facts.join(' · ')}*`);
  return md;
}

function memberMarkdown(m: ApiMember): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendCodeblock(m.signature, 'lua');
  md.appendMarkdown(m.doc);
  return md;
}

function commandItems(docs: CommandDoc[], quote: string, typed: string, range: vscode.Range): vscode.CompletionItem[] {
  const lower = typed !== '' && typed === typed.toLowerCase();
  return docs.map((doc) => {
    const words = (lower ? doc.name.toLowerCase() : doc.name).split(' ');
    const item = new vscode.CompletionItem(doc.name, vscode.CompletionItemKind.Function);
    // A subcommand is its own argument: redis.call('CLIENT', 'KILL', ...).
    item.insertText = words.join(`${quote}, ${quote}`);
    item.filterText = doc.name;
    item.range = range;
    item.detail = doc.syntax;
    item.documentation = commandMarkdown(doc);
    return item;
  });
}

function indexItems(kind: 'KEYS' | 'ARGV', values: string[] | undefined, closed: boolean, range: vscode.Range): vscode.CompletionItem[] {
  const count = values?.length ?? DEFAULT_INDEXES;
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1);
    const item = new vscode.CompletionItem(n, vscode.CompletionItemKind.Value);
    item.insertText = closed ? n : `${n}]`;
    item.range = range;
    item.sortText = n.padStart(4, '0');
    item.detail = values ? `${kind}[${n}] = ${values[i]}` : `${kind}[${n}]`;
    if (!values) item.documentation = `No \`--! ${kind}:\` directive in this file: add one to run the script with fixed ${kind === 'KEYS' ? 'keys' : 'arguments'}.`;
    return item;
  });
}

function memberItems(namespace: string, range: vscode.Range): vscode.CompletionItem[] {
  return REDIS_LUA_API.filter((m) => m.name.startsWith(`${namespace}.`)).map((m) => {
    const short = m.name.slice(namespace.length + 1);
    const item = new vscode.CompletionItem(short, m.params ? vscode.CompletionItemKind.Function : vscode.CompletionItemKind.Constant);
    item.range = range;
    item.detail = m.signature;
    item.documentation = memberMarkdown(m);
    if (m.params) item.insertText = new vscode.SnippetString(`${short}(${m.params.length ? '$0' : ''})`);
    return item;
  });
}

class RedisLuaCompletions implements vscode.CompletionItemProvider {
  constructor(private readonly docs: CommandDocsSource) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    const line = document.lineAt(position.line).text;
    const prefix = line.slice(0, position.character);
    if (inComment(prefix)) return undefined;
    const rangeBack = (typed: string) => new vscode.Range(position.translate(0, -typed.length), position);

    const command = COMMAND_CONTEXT.exec(prefix);
    if (command) return commandItems(await this.docs.all(), command[1], command[2], rangeBack(command[2]));

    const index = INDEX_CONTEXT.exec(prefix);
    if (index) {
      const d = readDirectives(document.getText());
      const kind = index[1] as 'KEYS' | 'ARGV';
      const closed = line.slice(position.character).trimStart().startsWith(']');
      return indexItems(kind, kind === 'KEYS' ? d.keys : d.args, closed, rangeBack(index[2]));
    }

    const member = MEMBER_CONTEXT.exec(prefix);
    if (member) return memberItems(member[1], rangeBack(member[2]));
    return undefined;
  }
}

class RedisLuaHovers implements vscode.HoverProvider {
  constructor(private readonly docs: CommandDocsSource) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const line = document.lineAt(position.line).text;
    for (const m of line.matchAll(COMMAND_IN_CALL)) {
      const start = (m.index ?? 0) + m[0].indexOf(m[1]) + 1;
      const end = start + m[2].length;
      if (position.character < start || position.character > end) continue;
      const doc = (m[4] && (await this.docs.find(`${m[2]} ${m[4]}`))) || (await this.docs.find(m[2]));
      return doc ? new vscode.Hover(commandMarkdown(doc), new vscode.Range(position.line, start, position.line, end)) : undefined;
    }
    const range = document.getWordRangeAtPosition(position, DOTTED_NAME);
    if (!range) return undefined;
    const name = document.getText(range);
    const member = REDIS_LUA_API.find((m) => m.name === name);
    return member ? new vscode.Hover(memberMarkdown(member), range) : undefined;
  }
}

/**
 * Registers completion (trigger characters `'` `"` `.` `[`) and hovers for Lua documents.
 * `serverDocs` gives the connected server's COMMAND DOCS, or undefined when there is none.
 */
export function registerLuaEditing(ctx: FeatureContext, serverDocs: () => Promise<CommandDoc[] | undefined>): void {
  const docs = new CommandDocsSource(serverDocs);
  ctx.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(LUA, new RedisLuaCompletions(docs), "'", '"', '.', '['),
    vscode.languages.registerHoverProvider(LUA, new RedisLuaHovers(docs)),
  );
}
