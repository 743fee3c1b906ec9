#!/usr/bin/env bash
# okr lsp in Neovim's built-in client, headless (Debian's neovim 0.7: vim.lsp.start_client and
# buf_attach_client): open an example file, break a reference in the buffer and wait for the
# diagnostic, complete an objective reference, jump to a definition. Neovim exits non-zero on
# any failure; the whole takes a second or two.
#   tests/lsp-neovim.sh OKR EXAMPLES
set -euo pipefail
okr=$(realpath "$1")
examples=$2
if ! command -v nvim >/dev/null; then
  echo "lsp-neovim: needs nvim (Debian: neovim; tools/deps test)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$examples" "$work/repo"
mkdir -p "$work/home"
cat > "$work/test.lua" <<'LUA'
local okr, root = os.getenv('OKR'), os.getenv('ROOT')
local function fail(message)
  io.stderr:write('lsp-neovim: ' .. message .. '\n')
  vim.cmd('cquit 1')
end
local function find_line(buf, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:find(needle, 1, true) then
      return i - 1, line
    end
  end
  fail('no line with ' .. needle)
end

vim.cmd('edit ' .. root .. '/okrs/2026-Q4/payments.yaml')
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'okr', cmd = { okr, 'lsp' }, root_dir = root,
  flags = { debounce_text_changes = 0 },
})
if not client_id then fail('the client did not start') end
vim.lsp.buf_attach_client(buf, client_id)
if not vim.wait(5000, function()
  local client = vim.lsp.get_client_by_id(client_id)
  return client and client.initialized
end, 20) then
  fail('the server did not initialize')
end

-- Break the reference in the buffer (unsaved): the diagnostic comes.
local row, line = find_line(buf, 'aligns_to: digital-services/delight-new-customers')
vim.api.nvim_buf_set_lines(buf, row, row + 1, false,
                           { (line:gsub('delight%-new%-customers', 'delight-new-customer')) })
local found
if not vim.wait(5000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.message:find('does not resolve', 1, true) and d.lnum == row and d.col == 15 then
      found = d
      return true
    end
  end
  return false
end, 20) then
  fail('no diagnostic for the broken reference: ' .. vim.inspect(vim.diagnostic.get(buf)))
end
if found.source ~= 'okr' then fail('the diagnostic source is ' .. tostring(found.source)) end

-- Completion of the reference at the end of the value.
local text = vim.api.nvim_buf_get_lines(buf, row, row + 1, false)[1]
local responses = vim.lsp.buf_request_sync(buf, 'textDocument/completion', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = row, character = #text },
}, 5000)
local labels = {}
for _, response in pairs(responses or {}) do
  local result = response.result or {}
  for _, item in ipairs(result.items or result) do
    labels[item.label] = item.detail
  end
end
if not labels['digital-services/delight-new-customers'] then
  fail('completion lacks digital-services/delight-new-customers: ' .. vim.inspect(labels))
end

-- Restore the reference, then jump to its definition.
vim.api.nvim_buf_set_lines(buf, row, row + 1, false, { line })
local definitions = vim.lsp.buf_request_sync(buf, 'textDocument/definition', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = row, character = 20 },
}, 5000)
local location
for _, response in pairs(definitions or {}) do
  location = response.result
end
if type(location) ~= 'table' or not location.uri then
  fail('no definition: ' .. vim.inspect(definitions))
end
if location[1] then location = location[1] end
vim.lsp.util.jump_to_location(location, 'utf-16')
local name = vim.api.nvim_buf_get_name(0)
if not name:find('digital%-services%.yaml$') then fail('jumped to ' .. name) end
local target = vim.api.nvim_get_current_line()
if not target:find('id: delight-new-customers', 1, true) then
  fail('the definition is on the line ' .. target)
end

vim.lsp.stop_client(client_id)
vim.cmd('qall!')
LUA
cd "$work"
HOME=$work/home XDG_CONFIG_HOME=$work/home XDG_DATA_HOME=$work/home XDG_STATE_HOME=$work/home \
  XDG_CACHE_HOME=$work/home OKR=$okr ROOT=$work/repo OKR_TODAY=2026-11-20 \
  timeout 30 nvim --headless --clean -n -c "luafile $work/test.lua" </dev/null
echo "lsp-neovim: ok"
