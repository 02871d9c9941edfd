-- Headless Neovim client for the Tifa language server (used by test/e2e/neovim.test.mjs).
-- Env: TIFA_NVIM_CMD  JSON array, the server command (e.g. ["node","/repo/dist/server.js","--stdio"])
--      TIFA_NVIM_FILE the Markdown file to open
--      TIFA_NVIM_OUT  where to write the JSON result
--      TIFA_NVIM_HOVER_WORD  word to hover (default 新质生产力)
--      TIFA_NVIM_TIMEOUT_MS  bound for each wait (default 30000)
-- Every wait is vim.wait with a bound; the result is always written, then Neovim quits.
local out_path = os.getenv('TIFA_NVIM_OUT')
local result = { nvim = tostring(vim.version and vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch), steps = {} }
local timeout = tonumber(os.getenv('TIFA_NVIM_TIMEOUT_MS') or '30000')

local function write_result()
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local function step(name) table.insert(result.steps, name) end

local function main()
  local cmd = vim.fn.json_decode(os.getenv('TIFA_NVIM_CMD'))
  local file = os.getenv('TIFA_NVIM_FILE')
  local word = os.getenv('TIFA_NVIM_HOVER_WORD') or '新质生产力'

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  vim.bo.filetype = 'markdown'
  local bufnr = vim.api.nvim_get_current_buf()
  step('opened')

  local config = {
    name = 'tifa',
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    on_exit = function(code, signal) result.server_exit = { code = code, signal = signal } end,
  }
  local client_id
  if vim.lsp.start then                      -- Neovim >= 0.8
    client_id = vim.lsp.start(config, { bufnr = bufnr })
    result.api = 'vim.lsp.start'
  else                                       -- Debian 12 ships Neovim 0.7.2
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(bufnr, client_id)
    result.api = 'vim.lsp.start_client + buf_attach_client'
  end
  assert(client_id, 'the language server did not start')
  step('started')

  local client
  local ok = vim.wait(timeout, function()
    if result.server_exit then return true end
    client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and (client.initialized == true
      or (client.server_capabilities ~= nil and next(client.server_capabilities) ~= nil))
  end, 20)
  assert(not result.server_exit, 'the language server exited: ' .. vim.inspect(result.server_exit))
  assert(ok, 'the language server did not initialize within ' .. timeout .. ' ms')
  result.server_capabilities = {
    hover = client.server_capabilities.hoverProvider and true or false,
    completion = client.server_capabilities.completionProvider and true or false,
    codeAction = client.server_capabilities.codeActionProvider and true or false,
  }
  step('initialized')

  -- diagnostics (published by the server after didOpen)
  ok = vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1] or ''
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source,
      code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or vim.NIL,
      text = line:sub(d.col + 1, (d.end_lnum == d.lnum) and d.end_col or #line),
    })
  end
  step(ok and 'diagnostics' or 'no-diagnostics')

  -- hover: put the cursor inside the word, then ask the server as K would
  local row, col
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local s = line:find(word, 1, true)
    if s and not line:match('^#') then row, col = i, s - 1 + #'新'; break end
  end
  assert(row, word .. ' not found in the buffer')
  vim.api.nvim_win_set_cursor(0, { row, col })
  local params = vim.lsp.util.make_position_params()
  result.hover_position = params.position
  local res, err = client.request_sync('textDocument/hover', params, timeout, bufnr)
  if err then result.hover_error = tostring(err) end
  local contents = res and res.result and res.result.contents
  if contents then
    local lines = vim.lsp.util.convert_input_to_markdown_lines(contents)
    result.hover = table.concat(lines, '\n')
  end
  step('hover')

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
  step('stopped')
end

local ok, err = xpcall(main, debug.traceback)
if not ok then result.error = tostring(err) end
write_result()
vim.cmd('qall!')
