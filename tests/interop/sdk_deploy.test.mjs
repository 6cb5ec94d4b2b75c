// ua_self_deploy through the official MCP TypeScript SDK client: the tool's declaration, a
// dry run that changes nothing, a real deployment whose structuredContent the SDK validates
// against the outputSchema, progress notifications in order with increasing values, the
// production tree afterwards (managed files equal the source, unmanaged files untouched), a
// second deployment that finds nothing to do, and argument errors.
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
const prod = path.join(sandbox.examples, 'unified-agents', 'prod');
const dev = path.join(sandbox.examples, 'unified-agents', 'dev');
const UNMANAGED = ['.env', 'local_config.json', 'logs/server.log'];

async function withClient(fn) {
  const client = new Client({ name: 'ua-interop-deploy', version: '1.0.0' });
  await client.connect(serveTransport(binary, sandbox));
  try {
    await fn(client);
  } finally {
    await client.close();
  }
}

function pick(snapshot, names) {
  return Object.fromEntries(names.map((n) => [n, snapshot[n]]));
}

test('ua_self_deploy is declared destructive with both schemas', () =>
  withClient(async (client) => {
    const { tools } = await client.listTools();
    const deploy = tools.find((t) => t.name === 'ua_self_deploy');
    assert.ok(deploy, 'ua_self_deploy is listed');
    assert.equal(deploy.inputSchema.type, 'object');
    assert.equal(deploy.outputSchema.type, 'object');
    assert.equal(deploy.annotations.destructiveHint, true);
    assert.equal(deploy.annotations.readOnlyHint, false);
    assert.ok(deploy.description.length > 20);
  }));

test('dry_run returns the plan and changes nothing', () =>
  withClient(async (client) => {
    const before = snapshotTree(sandbox.examples);
    const expected = expectedPending(sandbox, PROFILE);
    const result = await client.callTool({ name: 'ua_self_deploy', arguments: { dry_run: true } });
    assert.notEqual(result.isError, true, errorText(result));
    const s = result.structuredContent;
    assert.equal(s.outcome, 'dry_run');
    assert.deepEqual([...s.files.added].sort(), expected.added);
    assert.deepEqual([...s.files.modified].sort(), expected.modified);
    assert.deepEqual([...s.files.removed].sort(), expected.removed);
    assert.equal(s.backup_id, null);
    assert.deepEqual(snapshotTree(sandbox.examples), before, 'a dry run leaves no trace');
  }));

test('deploy completes with increasing progress and production equals the source', () =>
  withClient(async (client) => {
    const unmanagedBefore = pick(snapshotTree(prod), UNMANAGED);
    const progress = [];
    const result = await client.callTool(
      { name: 'ua_self_deploy', arguments: { message: 'interop deploy' } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    assert.notEqual(result.isError, true, errorText(result));
    const s = result.structuredContent;
    assert.deepEqual(jsonTextBlock(result), s, 'the JSON text block equals structuredContent');
    assert.equal(s.outcome, 'complete', errorText(result));
    assert.equal(s.previous_version, '0.1.0');
    assert.equal(s.version, '0.1.1');
    assert.match(s.backup_id, /^\d{8}T\d{6}\.\d{3}Z/);
    assert.deepEqual(
      s.states.map((x) => x.state),
      ['CHECKING', 'BACKING_UP', 'DEPLOYING', 'TESTING', 'FINALIZING', 'COMPLETE'],
    );
    assert.ok(s.tests.length > 0 && s.tests.every((t) => t.passed), JSON.stringify(s.tests));

    assert.ok(progress.length >= 6, `progress notifications: ${JSON.stringify(progress)}`);
    for (let i = 1; i < progress.length; i++) {
      assert.ok(progress[i].progress > progress[i - 1].progress, JSON.stringify(progress));
    }
    assert.equal(progress.at(-1).progress, 100);
    assert.ok(progress.every((p) => p.total === 100));

    const after = snapshotTree(prod);
    const source = snapshotTree(dev);
    for (const [rel, facts] of Object.entries(source)) {
      if (rel.includes('__pycache__')) continue;
      assert.equal(after[rel], facts, `${rel} equals the source`);
    }
    assert.equal(after['workflow/summarize.py'], undefined, 'the removed file is gone');
    assert.deepEqual(pick(after, UNMANAGED), unmanagedBefore, 'unmanaged files untouched');
    const version = JSON.parse(readFileSync(path.join(prod, 'VERSION'), 'utf8'));
    assert.equal(version.version, '0.1.1');
    assert.equal(version.deployed_by, 'ua-interop-deploy');
    assert.equal(version.deployment_id, s.deployment_id);
  }));

test('a second deploy finds no changes', () =>
  withClient(async (client) => {
    const result = await client.callTool({ name: 'ua_self_deploy', arguments: {} });
    assert.notEqual(result.isError, true, errorText(result));
    assert.equal(result.structuredContent.outcome, 'no_changes');
  }));

test('bad arguments are tool errors that name the field', () =>
  withClient(async (client) => {
    const before = snapshotTree(prod);
    const wrongType = await client.callTool({ name: 'ua_self_deploy', arguments: { dry_run: 'yes' } });
    assert.equal(wrongType.isError, true);
    assert.match(errorText(wrongType), /\/dry_run/);
    const badVersion = await client.callTool({ name: 'ua_self_deploy', arguments: { version: '1.2' } });
    assert.equal(badVersion.isError, true);
    assert.match(errorText(badVersion), /\/version/);
    const pathProfile = await client.callTool({ name: 'ua_self_deploy', arguments: { profile: '../x' } });
    assert.equal(pathProfile.isError, true);
    assert.deepEqual(snapshotTree(prod), before, 'production untouched');
  }));

await run(() => sandbox.cleanup());
