// ua-deploy's ua_self_status through the official MCP TypeScript SDK client: negotiation,
// the tool's declaration, a call whose structuredContent the SDK validates against the
// declared outputSchema, the facts it reports about the example, and argument errors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  assert,
  errorText,
  expectedPending,
  jsonTextBlock,
  makeSandbox,
  requireEnv,
  run,
  serveTransport,
  snapshotTree,
  test,
} from './helpers.mjs';

const binary = requireEnv('UA_DEPLOY_BINARY');
const sandbox = makeSandbox();
const PROFILE = 'unified-agents';

let stderrTail = '';
async function connect({ args, env, cwd } = {}) {
  const transport = serveTransport(binary, sandbox, { args, env, cwd });
  transport.stderr?.on('data', (chunk) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  let negotiated;
  transport.setProtocolVersion = (v) => {
    negotiated = v;
  };
  const client = new Client({ name: 'ua-interop-sdk', version: '1.0.0' });
  await client.connect(transport);
  return { client, negotiated: () => negotiated };
}

async function withClient(fn, options) {
  const session = await connect(options);
  try {
    await fn(session);
  } finally {
    await session.client.close();
  }
}

test('initialize negotiates 2025-11-25 and advertises tools', () =>
  withClient(async ({ client, negotiated }) => {
    assert.equal(negotiated(), '2025-11-25');
    const info = client.getServerVersion();
    assert.equal(typeof info.name, 'string');
    assert.ok(info.name.length > 0);
    assert.equal(typeof info.version, 'string');
    assert.ok(client.getServerCapabilities()?.tools, 'tools capability missing');
  }));

test('tools/list declares ua_self_status with schemas, title and read-only annotation', () =>
  withClient(async ({ client }) => {
    const { tools, nextCursor } = await client.listTools();
    assert.equal(nextCursor, undefined, 'one page only: nextCursor must be omitted');
    for (const t of tools) {
      assert.match(t.name, /^[A-Za-z0-9_.-]{1,128}$/);
      assert.equal(t.inputSchema?.type, 'object', `${t.name} inputSchema`);
      assert.equal(typeof t.description, 'string', `${t.name} description`);
    }
    const status = tools.find((t) => t.name === 'ua_self_status');
    assert.ok(status, `ua_self_status missing from ${tools.map((t) => t.name).join(', ')}`);
    assert.equal(typeof status.outputSchema, 'object');
    assert.equal(status.outputSchema.type, 'object');
    assert.equal(typeof status.title, 'string');
    assert.ok(status.title.length > 0);
    assert.ok(status.description.length > 0);
    assert.equal(status.annotations?.readOnlyHint, true);
    assert.equal(status.inputSchema.properties?.profile?.type, 'string');
  }));

test('ua_self_status reports the example: VERSION, pending plan, no backups, free lock', () =>
  withClient(async ({ client }) => {
    const expected = expectedPending(sandbox, PROFILE);
    const before = snapshotTree(path.join(sandbox.examples, 'unified-agents'));
    const versionFile = JSON.parse(readFileSync(path.join(expected.target, 'VERSION'), 'utf8'));

    // The SDK throws here if structuredContent does not match the declared outputSchema.
    const result = await client.callTool({ name: 'ua_self_status', arguments: {} });
    assert.notEqual(result.isError, true, errorText(result));
    const s = result.structuredContent;
    assert.ok(s, 'structuredContent missing');
    assert.deepEqual(jsonTextBlock(result), s, 'the JSON text block must equal structuredContent');

    assert.equal(s.profile, PROFILE);
    assert.equal(path.resolve(s.source), expected.source);
    assert.equal(path.resolve(s.target), expected.target);
    assert.equal(s.version_file, 'ok');
    assert.equal(s.production.version, '0.1.0');
    assert.equal(s.production.deployed, versionFile.deployed);
    assert.equal(s.production.git_commit, versionFile.git_commit);
    assert.equal(s.production.deployment_id, versionFile.deployment_id);
    assert.equal(typeof s.production.age_seconds, 'number');
    assert.ok(s.production.age_seconds >= 0);

    const sorted = (xs) => [...xs].sort();
    assert.deepEqual(sorted(s.pending.added), expected.added);
    assert.deepEqual(sorted(s.pending.modified), expected.modified);
    assert.deepEqual(sorted(s.pending.removed), expected.removed);
    assert.equal(s.pending.unchanged, expected.unchanged);
    // The example is built so that each kind of change is present.
    assert.ok(expected.added.length && expected.modified.length && expected.removed.length);

    // The sandbox is not a git work tree.
    assert.equal(s.source_git, null);
    assert.equal(typeof s.source_git_error, 'string');
    assert.deepEqual(s.backups, []);
    assert.equal(s.lock.held, false);
    assert.equal(s.last_deployment, null);
    assert.equal(s.interrupted, false);

    assert.deepEqual(snapshotTree(path.join(sandbox.examples, 'unified-agents')), before,
      'a status must not change the source or the target');
  }));

test('ua_self_status with the profile named explicitly gives the same plan', () =>
  withClient(async ({ client }) => {
    const result = await client.callTool({ name: 'ua_self_status', arguments: { profile: PROFILE } });
    assert.notEqual(result.isError, true, errorText(result));
    const expected = expectedPending(sandbox, PROFILE);
    assert.deepEqual([...result.structuredContent.pending.added].sort(), expected.added);
  }));

test('ua_self_status with check_health starts production and reports it healthy', () =>
  withClient(async ({ client }) => {
    const { tools } = await client.listTools();
    const declared = tools.find((t) => t.name === 'ua_self_status');
    assert.equal(declared.inputSchema.properties?.check_health?.type, 'boolean');
    // The SDK validates the health object against the declared outputSchema.
    const result = await client.callTool({ name: 'ua_self_status', arguments: { check_health: true } });
    assert.notEqual(result.isError, true, errorText(result));
    const health = result.structuredContent.health;
    assert.equal(health?.status, 'healthy', JSON.stringify(health));
    assert.equal(health.server_name, 'unified-agents');
    assert.deepEqual([...health.tools].sort(), ['list_agents', 'render_template', 'run_workflow']);
    assert.match(result.content[0].text, /Health: healthy/);
    const plain = await client.callTool({ name: 'ua_self_status', arguments: {} });
    assert.equal(plain.structuredContent.health, undefined, 'health only when asked for');
    const wrong = await client.callTool({ name: 'ua_self_status', arguments: { check_health: 'yes' } });
    assert.equal(wrong.isError, true);
    assert.match(errorText(wrong), /check_health/);
  }));

test('a wrongly typed argument is a tool error naming /profile', () =>
  withClient(async ({ client }) => {
    const result = await client.callTool({ name: 'ua_self_status', arguments: { profile: 42 } });
    assert.equal(result.isError, true);
    assert.match(errorText(result), /\/profile/);
  }));

test('an unknown profile and a path-like profile are tool errors', () =>
  withClient(async ({ client }) => {
    const unknown = await client.callTool({ name: 'ua_self_status', arguments: { profile: 'no-such-profile' } });
    assert.equal(unknown.isError, true);
    assert.match(errorText(unknown), /no-such-profile/);
    const escape = await client.callTool({ name: 'ua_self_status', arguments: { profile: '../prod' } });
    assert.equal(escape.isError, true);
    assert.ok(errorText(escape).length > 0);
  }));

test('concurrent calls and a ping in flight are all answered with their own results', () =>
  withClient(async ({ client }) => {
    const calls = Array.from({ length: 5 }, () => client.callTool({ name: 'ua_self_status', arguments: {} }));
    const [pong, ...results] = await Promise.all([client.ping(), ...calls]);
    assert.deepEqual(pong, {});
    for (const r of results) {
      assert.notEqual(r.isError, true, errorText(r));
      assert.equal(r.structuredContent.profile, PROFILE);
    }
  }));

test('a relative --config resolves against the working directory; profile paths against the config', () =>
  withClient(
    async ({ client }) => {
      const result = await client.callTool({ name: 'ua_self_status', arguments: {} });
      assert.notEqual(result.isError, true, errorText(result));
      assert.equal(path.resolve(result.structuredContent.target), expectedPending(sandbox, PROFILE).target);
    },
    { args: ['serve', '--config', path.relative(sandbox.root, sandbox.config)], cwd: sandbox.root },
  ));

test('UA_DEPLOY_CONFIG is used when --config is absent (as a Claude Desktop env entry would)', () =>
  withClient(
    async ({ client }) => {
      const result = await client.callTool({ name: 'ua_self_status', arguments: {} });
      assert.notEqual(result.isError, true, errorText(result));
      assert.equal(path.resolve(result.structuredContent.source), expectedPending(sandbox, PROFILE).source);
    },
    { args: ['serve'], env: { UA_DEPLOY_CONFIG: sandbox.config } },
  ));

test('ping answers {} and the session closes cleanly', async () => {
  const { client } = await connect();
  assert.deepEqual(await client.ping(), {});
  await client.close();
});

await run((failed) => {
  if (failed) console.log(`--- ua-deploy stderr (tail) ---\n${stderrTail}`);
  sandbox.cleanup();
});
