/**
 * "Set up Lua Language Server types": writes the Redis `---@meta` stub into the workspace folder
 * and points `.luarc.json` at it, so LuaLS users get redis.*, KEYS, ARGV, cjson... without warnings.
 */
import * as vscode from 'vscode';
import { luaLsMetaStub, luaRcJson, STUB_FILE, STUB_FOLDER } from '../../core/lua/luaLsStub';

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (err) {
    if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
    throw err;
  }
}

/**
 * Writes `.vscode/redis-lua/redis.d.lua` and creates or merges `.luarc.json` at the root of
 * `workspaceFolder` (the user's keys are kept; comments in it are not). Nothing is written when the
 * existing `.luarc.json` cannot be read as JSON.
 * @returns the files written: the stub and `.luarc.json`.
 */
export async function setUpLuaLanguageServer(workspaceFolder: vscode.Uri): Promise<vscode.Uri[]> {
  const rcUri = vscode.Uri.joinPath(workspaceFolder, '.luarc.json');
  const existing = await readText(rcUri);
  const rc = luaRcJson(existing); // throws (naming the cause) before anything is written
  const folder = vscode.Uri.joinPath(workspaceFolder, ...STUB_FOLDER.split('/'));
  const stubUri = vscode.Uri.joinPath(folder, STUB_FILE);
  await vscode.workspace.fs.createDirectory(folder);
  await vscode.workspace.fs.writeFile(stubUri, new TextEncoder().encode(luaLsMetaStub()));
  if (rc !== existing) await vscode.workspace.fs.writeFile(rcUri, new TextEncoder().encode(rc));
  return [stubUri, rcUri];
}
