-- Headless Neovim (0.7+) as a second real LSP client of the DM Report server.
--
-- Run (test/editors/neovim.test.ts does this):
--   DM_REPORT_SERVER=dist/server.js DM_REPORT_FILE=/tmp/x/report.md \
--     nvim --headless --clean -u NONE -c 'luafile test/neovim/dm_report_spec.lua'
-- Environment:
--   DM_REPORT_SERVER  the bundled server (dist/server.js), required
--   DM_REPORT_FILE    a scratch copy of samples/dm-monthly-report-2017-04.md, required (it is edited)
--   DM_REPORT_DIAGNOSTICS  how many diagnostics the server publishes for it, required
--                     (neovim.test.ts takes it from test/snapshots/reference-diagnostics.json)
--   DM_REPORT_NODE    the node executable, default "node"
-- Checks 1-5 are requests through vim.lsp.buf_request_sync and vim.diagnostic; check 6 types
-- `02C.04.` and <C-x><C-o> (the built-in vim.lsp.omnifunc) as a user does, which needs the
-- main loop: it runs on timers after this script returns, and ends the run.
-- Prints one line per check (`ok - name` / `not ok - name: why`), then `N passed, M failed`
-- (read by CI), and exits 0 only when every check passed.
--
-- Uses only what Neovim 0.7 has: vim.lsp.start_client, buf_attach_client, buf_request_sync.
-- Positions are found in the buffer text, never typed in; the number of diagnostics comes from
-- the snapshot; the hard-coded position of DM10221 (line 296, column 277) was checked against
-- `dm-report check`.

local TIMEOUT = 10000

local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local passed, failed = 0, 0
-- How many diagnostics the reference has (DM_REPORT_DIAGNOSTICS), read in main.
local expected_diagnostics

local function check(name, fn)
  local ok, err = pcall(fn)
  if ok then
    passed = passed + 1
    out('ok - ' .. name)
  else
    failed = failed + 1
    out('not ok - ' .. name .. ': ' .. tostring(err):gsub('\n', ' | '))
  end
end

local function expect(cond, msg)
  if not cond then error(msg, 2) end
end

local function expect_eq(actual, expected, what)
  if actual ~= expected then
    error(string.format('%s: expected %s, got %s', what, vim.inspect(expected), vim.inspect(actual)), 2)
  end
end

local function finish(code)
  out(string.format('%d passed, %d failed', passed, failed))
  for _, client in ipairs(vim.lsp.get_active_clients()) do client.stop() end
  vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
  if code == 0 then vim.cmd('qa!') else vim.cmd('cquit ' .. code) end
end

local function main()
  local server = os.getenv('DM_REPORT_SERVER')
  local file = os.getenv('DM_REPORT_FILE')
  local node = os.getenv('DM_REPORT_NODE') or 'node'
  expected_diagnostics = tonumber(os.getenv('DM_REPORT_DIAGNOSTICS') or '')
  expect(server and server ~= '', 'DM_REPORT_SERVER is not set')
  expect(file and file ~= '', 'DM_REPORT_FILE is not set')
  expect(expected_diagnostics, 'DM_REPORT_DIAGNOSTICS is not set')

  vim.o.showmode = false -- no `-- INSERT --` on stderr
  vim.opt.shortmess:append('c') -- nor `match 1 of 8`
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'markdown' -- languageId of didOpen
  local uri = vim.uri_from_bufnr(buf)

  local client_id = vim.lsp.start_client({
    name = 'dm-report',
    cmd = { node, server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
  })
  expect(client_id, 'vim.lsp.start_client returned nil')
  expect(vim.lsp.buf_attach_client(buf, client_id), 'buf_attach_client failed')
  vim.wait(TIMEOUT, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c == nil or c.initialized == true
  end, 20)
  local c = vim.lsp.get_client_by_id(client_id)
  expect(c, 'the server exited during initialize: is ' .. server .. ' a built dist/server.js?')
  expect(c.initialized, 'the server did not finish initialize within ' .. TIMEOUT .. ' ms')

  --- The single result of a request to our client (fails on an error or a timeout).
  local function request(method, params)
    local responses, err = vim.lsp.buf_request_sync(buf, method, params, TIMEOUT)
    expect(responses, method .. ': ' .. tostring(err))
    local r = responses[client_id]
    expect(r, method .. ': no response from dm-report')
    expect(not r.err, method .. ': ' .. vim.inspect(r.err))
    return r.result
  end

  --- 0-based line and byte column of the first `needle` (plain text) at or after 0-based line `from`.
  local function find(needle, from)
    local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
    for i = (from or 0) + 1, #lines do
      local col = lines[i]:find(needle, 1, true)
      if col then return i - 1, col - 1 end
    end
    error('"' .. needle .. '" not found in the buffer', 2)
  end

  --- The LSP (UTF-16) position of 0-based line `lnum`, byte column `col`.
  local function lsp_position(lnum, col)
    local line = vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, true)[1]
    local _, utf16 = vim.str_utfindex(line, col)
    return { line = lnum, character = utf16 }
  end

  --- Hover text with the cursor on byte `offset` of the first `needle` (after line `from`):
  --- Neovim converts the cursor to the client's position encoding, as `K` does.
  local function hover_at(needle, offset, from)
    local lnum, col = find(needle, from)
    vim.api.nvim_win_set_cursor(0, { lnum + 1, col + offset })
    local result = request('textDocument/hover', vim.lsp.util.make_position_params())
    expect(result and result.contents, 'no hover on ' .. needle)
    local c = result.contents
    return type(c) == 'string' and c or c.value or vim.inspect(c)
  end

  local function by_code(code)
    return vim.tbl_filter(function(d) return d.code == code end, vim.diagnostic.get(buf))
  end

  check('diagnostics: as many published as the snapshot has, DM10221 an error at 296:277', function()
    vim.wait(TIMEOUT, function() return #vim.diagnostic.get(buf) > 0 end, 20)
    local all = vim.diagnostic.get(buf)
    expect_eq(#all, expected_diagnostics, 'diagnostic count')
    local bad = by_code('malformed-ticket')
    expect_eq(#bad, 1, 'malformed-ticket count')
    local d = bad[1]
    expect_eq(d.severity, vim.diagnostic.severity.ERROR, 'severity')
    expect_eq(d.source, 'dm-report', 'source')
    expect_eq(d.lnum, 296, 'lnum')
    expect_eq(d.col, 277, 'col')
    expect_eq(d.end_col, 284, 'end_col')
    local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, true)[1]
    expect_eq(line:sub(d.col + 1, d.end_col), 'DM10221', 'text under the diagnostic')
  end)

  check('hover: DM-10441 has its browse URL, LDM-151 its title, DM-8800 after curly quotes', function()
    local ticket = hover_at('DM-10441', 3)
    expect(ticket:find('https://rubinobs.atlassian.net/browse/DM-10441', 1, true), 'DM-10441 hover: ' .. ticket)
    local doc = hover_at('LDM-151', 0)
    expect(doc:find('Data Management Science Pipelines Design', 1, true), 'LDM-151 hover: ' .. doc)
    -- Line 169 has “calexp” before DM-8800: the cursor on the last digit is 4 units further in
    -- UTF-8 than in UTF-16, so an encoding mix-up would miss the ticket.
    local lnum = find('“calexp” step (DM-8800')
    local last = hover_at('DM-8800', #'DM-8800' - 1, lnum)
    expect(last:find('/browse/DM-8800', 1, true), 'DM-8800 hover: ' .. last)
  end)

  check('completion: 02C.04. in Princeton offers 02C.04.05 with its name', function()
    local team = find('Princeton University and University of California, Davis')
    local at = find('#### 02C.04.06 - Object Characterization Pipeline', team)
    vim.api.nvim_buf_set_lines(buf, at, at, true, { '02C.04.', '' }) -- Neovim sends didChange
    local ok, err = pcall(function()
      local result = request('textDocument/completion', {
        textDocument = { uri = uri },
        position = { line = at, character = #'02C.04.' },
        context = { triggerKind = 2, triggerCharacter = '.' },
      })
      local items = result and (result.items or result) or {}
      local item
      for _, i in ipairs(items) do
        if i.label == '02C.04.05' then item = i end
      end
      expect(item, '02C.04.05 not among ' .. #items .. ' items')
      expect(item.textEdit, '02C.04.05 has no textEdit')
      expect_eq(item.textEdit.newText, '02C.04.05 - Object Detection and Deblending', 'newText')
      expect_eq(vim.inspect(item.textEdit.range),
        vim.inspect({ start = { line = at, character = 0 }, ['end'] = { line = at, character = 7 } }), 'range')
    end)
    vim.api.nvim_buf_set_lines(buf, at, at + 2, true, {}) -- back to the reference text
    if not ok then error(err, 0) end
  end)

  check('codeAction: "Change to DM-10221" fixes the line and the error is gone', function()
    local lnum, col = find('[DM10221](#)')
    local range = { start = lsp_position(lnum, col + 1), ['end'] = lsp_position(lnum, col + 1 + #'DM10221') }
    local actions = request('textDocument/codeAction', {
      textDocument = { uri = uri },
      range = range,
      context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, lnum) },
    }) or {}
    local action
    for _, a in ipairs(actions) do
      if a.title == 'Change to DM-10221' then action = a end
    end
    local titles = vim.tbl_map(function(a) return a.title end, actions)
    expect(action, 'no "Change to DM-10221" among ' .. vim.inspect(titles))
    expect_eq(action.kind, 'quickfix', 'kind')
    expect(action.edit, 'the action has no edit')
    vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
    local line = vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, true)[1]
    expect(line:find('[DM-10221](#)', 1, true), 'line after the fix: ' .. line)
    expect(not line:find('DM10221', 1, true), 'DM10221 still on the line')
    -- Every earlier publication has the malformed ticket: its absence means a new one arrived.
    local republished = vim.wait(TIMEOUT, function() return #by_code('malformed-ticket') == 0 end, 20)
    expect(republished, 'diagnostics still list malformed-ticket ' .. TIMEOUT .. ' ms after the fix')
    -- The malformed ticket is gone; every other diagnostic stays (the snapshot's count less one).
    expect_eq(#vim.diagnostic.get(buf), expected_diagnostics - 1, 'diagnostic count after the fix')
  end)

  check('documentSymbol: the outline of the report', function()
    local symbols = request('textDocument/documentSymbol', { textDocument = { uri = uri } }) or {}
    local names = vim.tbl_map(function(s) return s.name end, symbols)
    expect_eq(table.concat(names, ' | '),
      'Data Management Monthly Report | 2017-04 | High-level Summary/Status | Risk Management'
        .. ' | Detailed Project Progress and Status', 'top-level names')
    local teams = vim.tbl_map(function(s) return s.name end, symbols[5].children or {})
    expect_eq(table.concat(teams, ' | '),
      'LSST Program Office | DM Science Quality and Reliability Engineering (SQuaRE) | University of Washington'
        .. ' | Princeton University and University of California, Davis | IPAC / California Institute of Technology'
        .. ' | SLAC / Stanford University | NCSA / University of Illinois | AURA', 'children of Detailed Project Progress')
  end)

  -- What a user of the built-in client gets: type `02C.04.`, <C-x><C-o> (vim.lsp.omnifunc), pick
  -- 02C.04.05. The popup needs Neovim's main loop, so this check runs after the script returns
  -- and polls with timers; it ends the run.
  local name = 'omnifunc: <C-x><C-o> after 02C.04., picking 02C.04.05 writes the line'
  local want = '02C.04.05 - Object Detection and Deblending'
  local at
  local function done(why)
    vim.cmd('stopinsert')
    vim.defer_fn(function()
      if why then
        failed = failed + 1
        out('not ok - ' .. name .. ': ' .. why)
      else
        passed = passed + 1
        out('ok - ' .. name)
      end
      if at then pcall(vim.api.nvim_buf_set_lines, buf, at, at + 2, true, {}) end
      finish(failed == 0 and 0 or 1)
    end, 0)
  end
  local team = find('Princeton University and University of California, Davis')
  at = find('#### 02C.04.06 - Object Characterization Pipeline', team)
  vim.api.nvim_buf_set_lines(buf, at, at, true, { '', '' })
  vim.api.nvim_win_set_cursor(0, { at + 1, 0 })
  vim.bo[buf].omnifunc = 'v:lua.vim.lsp.omnifunc'
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('i02C.04.<C-x><C-o>', true, false, true), 'n', false)
  local deadline = vim.loop.now() + TIMEOUT
  local poll
  local function step()
    if vim.fn.pumvisible() == 1 then
      local words = vim.tbl_map(function(i) return i.word end, vim.fn.complete_info({ 'items' }).items)
      local index
      for i, w in ipairs(words) do
        if w == want then index = i - 1 end
      end
      if not index then return done('no "' .. want .. '" in the popup: ' .. vim.inspect(words)) end
      vim.api.nvim_select_popupmenu_item(index, true, true, {})
      vim.defer_fn(function()
        local got, line = pcall(function() return vim.api.nvim_buf_get_lines(buf, at, at + 1, true)[1] end)
        done(not got and tostring(line) or line ~= want and ('line after accepting: ' .. vim.inspect(line)) or nil)
      end, 100)
    elseif vim.loop.now() > deadline then
      done('no completion popup after ' .. TIMEOUT .. ' ms; mode ' .. vim.fn.mode() .. ', line '
        .. vim.inspect(vim.api.nvim_buf_get_lines(buf, at, at + 1, true)[1]))
    else
      vim.defer_fn(poll, 20)
    end
  end
  -- An error in a timer would not end Neovim: report it as this check's failure.
  poll = function()
    local fine, e = pcall(step)
    if not fine then done(tostring(e)) end
  end
  vim.defer_fn(poll, 20)
end

local ok, err = pcall(main)
if not ok then
  out('not ok - setup: ' .. tostring(err):gsub('\n', ' | '))
  failed = failed + 1
  finish(1)
end
