// The MCP Inspector CLI (headless, --cli) against the example server and against
// `ua-deploy serve`: tools/list with --strict (schema portability findings of error
// severity make it exit 6) and tools/call of ua_self_status with --format json.
import path from 'node:path';
import {
  assert,
  expectedPending,
  makeSandbox,
  requireEnv,
  run,
  runInspector,
  snapshotTree,
  test,
} from './helpers.mjs';

const binary = requireEnv('UA_DEPLOY_BINARY');
const sandbox = makeSandbox();
const PROFILE = 'unified-agents';

// Runs the Inspector CLI; `server` comes after "--" so its own flags (--config) are not
// taken for the Inspector's.
function inspector(inspectorArgs, server, cwd) {
  return runInspector(sandbox, [...inspectorArgs, ...(cwd ? ['--cwd', cwd] : [])], server);
}

// The Inspector CLI's exit code for a tools/call whose result has isError: true.
const EXIT_TOOL_ERROR = 5;

const uaServe = [binary, 'serve', '--config', sandbox.config];
const prodDir = path.join(sandbox.examples, 'unified-agents', 'prod');

test('example server: tools/list --strict has no schema findings', () => {
  const r = inspector(['--method', 'tools/list', '--strict'], ['python3', 'server.py'], prodDir);
  assert.equal(r.status, 0, r.context);
  assert.deepEqual(r.json.result.tools.map((t) => t.name).sort(),
    ['list_agents', 'render_template', 'run_workflow']);
  assert.deepEqual(r.json.schemaFindings ?? [], [], r.context);
});

test('example server: a tool error is printed as a result and exits with the tool-error code', () => {
  const r = inspector(
    ['--method', 'tools/call', '--tool-name', 'render_template', '--tool-args-json', '{"template":"../agents"}'],
    ['python3', 'server.py'],
    prodDir,
  );
  assert.equal(r.status, EXIT_TOOL_ERROR, r.context);
  assert.equal(r.json.result.isError, true);
  assert.match(r.json.result.content[0].text, /\/template/);
});

test('ua-deploy: tools/list --strict passes and declares ua_self_status', () => {
  const r = inspector(['--method', 'tools/list', '--strict'], uaServe);
  assert.equal(r.status, 0, r.context);
  const status = r.json.result.tools.find((t) => t.name === 'ua_self_status');
  assert.ok(status, r.context);
  assert.equal(status.inputSchema.type, 'object');
  assert.equal(status.outputSchema.type, 'object');
  assert.equal(status.annotations.readOnlyHint, true);
  const errors = (r.json.schemaFindings ?? []).flatMap((t) =>
    t.findings.filter((f) => f.severity === 'error').map((f) => `${t.toolName} ${f.path}: ${f.issue}`));
  assert.deepEqual(errors, []);
});

test('ua-deploy: tools/call ua_self_status prints the status of the example', () => {
  const before = snapshotTree(path.join(sandbox.examples, 'unified-agents'));
  const r = inspector(
    ['--method', 'tools/call', '--tool-name', 'ua_self_status', '--tool-args-json', JSON.stringify({ profile: PROFILE })],
    uaServe,
  );
  assert.equal(r.status, 0, r.context);
  const result = r.json.result;
  assert.notEqual(result.isError, true, r.context);
  const s = result.structuredContent;
  const expected = expectedPending(sandbox, PROFILE);
  assert.equal(s.profile, PROFILE);
  assert.equal(s.version_file, 'ok');
  assert.equal(s.production.version, '0.1.0');
  assert.deepEqual([...s.pending.added].sort(), expected.added);
  assert.deepEqual([...s.pending.modified].sort(), expected.modified);
  assert.deepEqual([...s.pending.removed].sort(), expected.removed);
  assert.ok(result.content.some((b) => b.type === 'text' && b.text.length > 0));
  assert.deepEqual(snapshotTree(path.join(sandbox.examples, 'unified-agents')), before);
});

test('ua-deploy: a wrongly typed argument comes back as a tool error', () => {
  const r = inspector(
    ['--method', 'tools/call', '--tool-name', 'ua_self_status', '--tool-args-json', '{"profile":42}'],
    uaServe,
  );
  assert.equal(r.status, EXIT_TOOL_ERROR, r.context);
  const result = r.json?.result;
  assert.ok(result, r.context);
  assert.equal(result.isError, true, r.context);
  assert.match(result.content.map((b) => b.text ?? '').join('\n'), /\/profile/);
});

await run(sandbox.cleanup);
