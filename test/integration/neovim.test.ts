// The language server as a user of another editor meets it: Debian's Neovim, headless, with its built-in LSP
// client, starting `conndoc lsp --stdio` with no initializationOptions (the README's set-up only: settings under
// `connectionDoctor`), against the fault lab on loopback. A Lua script written here drives it: initialize,
// settings pushed, probe via workspace/executeCommand with $/progress, diagnostics at the URL's exact bytes
// after an emoji (UTF-16 positions), hover, code actions and their commands, a partial configuration change,
// probeOnOpen as the opt-in, shutdown with no process left.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, type Lab, type LabCase } from '../../src/lab';

const NVIM = process.env.NVIM_BIN ?? 'nvim';
const CLI = join(__dirname, '../../src/cli/main.js');

interface Diag { lnum: number; col: number; end_col: number; code: string; message: string; text: string }
interface Outcome {
  error?: string;
  settingsLog: string[];
  beforeProbe: number;
  probe: { results: { url: string; id?: string; ok?: boolean; line: number; character: number }[] };
  progress: { token: string; value: { kind: string; title?: string } }[];
  diagnostics: Diag[];
  hover: string;
  actions: { title: string; command: string }[];
  curl: string;
  explain: { markdown: string };
  messages: string[];
  afterConfig: { diagnostics: number; reprobe: string };
  restored: number;
  auto: Diag[];
  serverPid: number;
  stopped: boolean;
}

/** The Lua side: every step's observations go to one JSON file the test reads. */
const SCRIPT = String.raw`
local out = { settingsLog = {}, progress = {}, messages = {} }
local function wait(what, ms, f)
  if not vim.wait(ms, f, 20) then error('timed out waiting for ' .. what) end
end
local function diags(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
    table.insert(list, { lnum = d.lnum, col = d.col, end_col = d.end_col, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), message = d.message, text = line:sub(d.col + 1, d.end_col) })
  end
  return list
end
local ok, err = pcall(function()
  local cfg = vim.fn.json_decode(vim.fn.readfile(CONFIG)[1])
  local inited = false
  local id = vim.lsp.start_client({
    name = 'conndoc',
    cmd = cfg.cmd,
    root_dir = cfg.dir,
    settings = cfg.settings,
    -- What the README says for Neovim 0.7 (0.8+ and nvim-lspconfig send it themselves): settings after initialize.
    on_init = function(c)
      c.notify('workspace/didChangeConfiguration', { settings = c.config.settings })
      inited = true
    end,
    handlers = {
      ['window/logMessage'] = function(_, p) if p.message:match('^settings from') then table.insert(out.settingsLog, p.message) end end,
      ['window/showMessage'] = function(_, p) table.insert(out.messages, p.message) end,
      ['$/progress'] = function(_, p) table.insert(out.progress, p) end,
    },
  })
  wait('initialize', 10000, function() return inited end)
  local client = vim.lsp.get_client_by_id(id)
  out.serverPid = client.rpc.pid
  vim.cmd('edit ' .. cfg.file)
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, id)
  local uri = vim.uri_from_bufnr(buf)
  wait('the settings', 10000, function() return #out.settingsLog > 0 end)
  vim.wait(300)
  out.beforeProbe = #vim.diagnostic.get(buf)

  local res = client.request_sync('workspace/executeCommand', { command = 'conndoc.probeFile', arguments = { { textDocument = { uri = uri } } } }, 60000, buf)
  assert(res and not res.err, 'probeFile: ' .. vim.inspect(res))
  out.probe = res.result
  wait('diagnostics', 10000, function() return #vim.diagnostic.get(buf) > 0 end)
  out.diagnostics = diags(buf)

  local d = out.diagnostics[1]
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col + 5 })
  local hover = client.request_sync('textDocument/hover', vim.lsp.util.make_position_params(), 10000, buf)
  out.hover = hover.result.contents.value

  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf) }
  local actions = client.request_sync('textDocument/codeAction', params, 10000, buf).result
  out.actions = {}
  for _, a in ipairs(actions) do table.insert(out.actions, { title = a.title, command = a.command.command }) end
  for _, a in ipairs(actions) do
    if a.command.command == 'conndoc.copyCurl' and out.curl == nil then
      out.curl = client.request_sync('workspace/executeCommand', a.command, 10000, buf).result
    elseif a.command.command == 'conndoc.explain' and out.explain == nil then
      out.explain = client.request_sync('workspace/executeCommand', a.command, 30000, buf).result
    end
  end

  -- A partial change: only the published severities. resolve and caFile set before must survive it.
  client.notify('workspace/didChangeConfiguration', { settings = { connectionDoctor = { problems = { severities = { 'information' } } } } })
  wait('errors unpublished', 10000, function() return #vim.diagnostic.get(buf) == 0 end)
  local again = client.request_sync('workspace/executeCommand', { command = 'conndoc.probe', arguments = { vim.lsp.util.make_position_params() } }, 60000, buf)
  out.afterConfig = { diagnostics = #vim.diagnostic.get(buf), reprobe = again.result.results[1].id }
  client.notify('workspace/didChangeConfiguration', { settings = { connectionDoctor = { problems = { severities = { 'error', 'warning' } }, probeOnOpen = true } } })
  wait('errors published again', 10000, function() return #vim.diagnostic.get(buf) > 0 end)
  out.restored = #vim.diagnostic.get(buf)

  -- probeOnOpen is the opt-in: a file opened now is probed with no command.
  vim.cmd('edit ' .. cfg.second)
  local buf2 = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf2, id)
  wait('automatic probe of the opened file', 30000, function() return #vim.diagnostic.get(buf2) > 0 end)
  out.auto = diags(buf2)

  client.stop()
  wait('the server to stop', 10000, function() return client.is_stopped() end)
  out.stopped = true
end)
if not ok then out.error = tostring(err) end
vim.fn.writefile({ vim.fn.json_encode(out) }, RESULT)
vim.cmd('qa!')
`;

describe('Neovim (built-in LSP client) against conndoc lsp --stdio', function () {
  this.timeout(120_000);
  let lab: Lab;
  let dir: string;
  const byName = (n: string): LabCase => lab.cases.find((c) => c.name === n)!;

  before(function () {
    if (spawnSync(NVIM, ['--version']).error) {
      console.log(`      skipped: ${NVIM} not found (Debian: apt-get install neovim)`);
      this.skip();
    }
  });
  before(async () => {
    lab = await startLab();
    dir = mkdtempSync(join(tmpdir(), 'cd-nvim-'));
  });
  after(async () => {
    await lab?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('initialize, executeCommand probe with progress, diagnostics at UTF-16 positions, hover, code actions, configuration, shutdown', async () => {
    const ok = byName('ok-http');
    const reset = byName('tls-reset');
    const resolve: Record<string, string[]> = {};
    for (const c of lab.cases) Object.assign(resolve, c.options.resolve ?? {});
    const file = join(dir, 'services.md');
    // The emoji is 4 bytes, 2 UTF-16 units and 1 code point: a wrong unit moves the mark off the URL.
    writeFileSync(file, `ok: ${ok.url}\n🚀 bad: ${reset.url}\n`);
    const second = join(dir, 'second.env');
    writeFileSync(second, `ALSO=${reset.url}?opened\n`);
    const config = join(dir, 'config.json');
    const result = join(dir, 'result.json');
    writeFileSync(config, JSON.stringify({
      cmd: [process.execPath, CLI, 'lsp', '--stdio'],
      dir,
      file,
      second,
      settings: { connectionDoctor: { resolve, caFile: lab.caFile, timeout: 20000 } },
    }));
    const script = join(dir, 'drive.lua');
    writeFileSync(script, `local CONFIG = ${JSON.stringify(config)}\nlocal RESULT = ${JSON.stringify(result)}\n${SCRIPT}`);

    const nvim = spawn(NVIM, ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${script}`], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    nvim.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const killer = setTimeout(() => nvim.kill('SIGKILL'), 110_000);
    await new Promise((r) => nvim.once('exit', r));
    clearTimeout(killer);
    const o = JSON.parse(readFileSync(result, 'utf8')) as Outcome;
    assert.equal(o.error, undefined, `${o.error}\n${stderr}`);

    // Settings came the standard way (Neovim 0.7 pushes them; it does not declare workspace/configuration).
    assert.match(o.settingsLog[0], /^settings from workspace\/didChangeConfiguration: .*caFile.*resolve/);
    assert.equal(o.beforeProbe, 0, 'probed before anyone asked (probeOnOpen is off by default)');

    assert.deepEqual(o.probe.results.map((r) => [r.id, r.line, r.character]), [['ok', 0, 4], [reset.expect.id, 1, 8]]);
    const kinds = o.progress.map((p) => p.value.kind);
    assert.ok(kinds.includes('begin') && kinds.includes('end'), `no work-done progress: ${JSON.stringify(o.progress)}`);

    assert.equal(o.diagnostics.length, 1);
    assert.deepEqual([o.diagnostics[0].lnum, o.diagnostics[0].code, o.diagnostics[0].text], [1, reset.expect.id, reset.url], 'the mark covers exactly the URL after the emoji');

    assert.match(o.hover, new RegExp(reset.expect.id.replace('.', '\\.')));
    assert.ok(!o.hover.includes('command:'), 'a command: link this client cannot run');
    assert.ok(!/\d\\\.\d/.test(o.hover), `over-escaped: ${o.hover}`);
    assert.ok(o.hover.split('\n').every((l) => l.length <= 120), 'a hover line wider than 120 columns');

    assert.deepEqual(o.actions.map((a) => a.command), ['conndoc.explain', 'conndoc.probe', 'conndoc.copyCurl']);
    assert.match(o.curl, /^curl -v .*https:\/\//);
    assert.match(o.explain.markdown, /^# ✗ /);
    assert.ok(o.messages.some((m) => m.includes(reset.expect.id)), 'the explanation was shown (window/showMessage)');

    assert.deepEqual(o.afterConfig, { diagnostics: 0, reprobe: reset.expect.id }, 'a partial update reset resolve/caFile, or errors stayed published');
    assert.equal(o.restored, 1);
    assert.deepEqual(o.auto.map((d) => [d.code, d.text]), [[reset.expect.id, `${reset.url}?opened`]]);

    assert.equal(o.stopped, true);
    assert.throws(() => process.kill(o.serverPid, 0), 'the server process outlived the editor');
  });
});
