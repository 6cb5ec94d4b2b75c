// A deployment outlives the request, through the official MCP TypeScript SDK client: with the
// client's request timeout at 3 s, a deploy whose post-deploy test takes 8 s times out on the
// client side (the SDK sends notifications/cancelled), yet the deployment goes on to complete,
// ua_self_status then reports it running and, once it has finished, its full result, and
// production equals the source. The SDK validates every structuredContent against the tool's
// outputSchema, "running" answers included.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import {
  assert,
  errorText,
  makeSandbox,
  requireEnv,
  run,
  serveTransport,
  snapshotTree,
  test,
} from './helpers.mjs';

const binary = requireEnv('UA_DEPLOY_BINARY');
const sandbox = makeSandbox();
const prod = path.join(sandbox.examples, 'unified-agents', 'prod');
const dev = path.join(sandbox.examples, 'unified-agents', 'dev');
const MANAGED = ['server.py', 'agents.json'];

// The example's profile with one post-deploy test that takes 8 s.
const config = JSON.parse(readFileSync(sandbox.config, 'utf8'));
config.profiles['unified-agents'].tests = [
  { type: 'command', name: 'slow smoke test', command: ['sleep', '8'], timeout_s: 60 },
];
const slowConfig = path.join(sandbox.examples, 'config-slow.json');
writeFileSync(slowConfig, JSON.stringify(config, null, 2));

async function withClient(fn) {
  const client = new Client({ name: 'ua-interop-long-deploy', version: '1.0.0' });
  await client.connect(serveTransport(binary, sandbox, { args: ['serve', '--config', slowConfig] }));
  try {
    await fn(client);
  } finally {
    await client.close();
  }
}

test('the client times out after 3 s, the deployment completes and status reports it', () =>
  withClient(async (client) => {
    const started = Date.now();
    await assert.rejects(
      client.callTool({ name: 'ua_self_deploy', arguments: {} }, undefined, { timeout: 3000 }),
      (err) => err instanceof McpError && err.code === ErrorCode.RequestTimeout,
    );
    assert.ok(Date.now() - started < 8000, 'the client gave up before the test finished');

    // The client's cancel stopped the waiting, not the deployment.
    const now = await client.callTool({ name: 'ua_self_status', arguments: {} });
    assert.notEqual(now.isError, true, errorText(now));
    const running = now.structuredContent.running;
    assert.equal(running.length, 1, JSON.stringify(now.structuredContent));
    assert.equal(running[0].operation, 'deploy');
    assert.equal(running[0].phase, 'running');
    const id = running[0].deployment_id;

    const done = await client.callTool(
      { name: 'ua_self_status', arguments: { deployment_id: id, wait_s: 30 } },
      undefined,
      { timeout: 60_000 },
    );
    assert.notEqual(done.isError, true, errorText(done));
    const op = done.structuredContent.operation;
    assert.equal(op.phase, 'finished');
    assert.equal(op.result.outcome, 'complete', JSON.stringify(op));
    assert.equal(op.result.deployment_id, id);
    assert.equal(op.result.tests[0].name, 'slow smoke test');
    assert.equal(op.result.tests[0].passed, true);
    assert.equal(op.result.restart_required, false);
    assert.match(errorText(done), /finished: .*Deployed v0\.1\.1/);

    const after = snapshotTree(prod);
    const source = snapshotTree(dev);
    for (const f of MANAGED) assert.equal(after[f], source[f], `${f} equals the source`);
  }));

test('a zero wait window answers "running" at once, with what to do next', () =>
  withClient(async (client) => {
    const result = await client.callTool({ name: 'ua_self_deploy', arguments: { wait_s: 0 } });
    assert.notEqual(result.isError, true, errorText(result));
    const s = result.structuredContent;
    // Production already equals the source: the operation itself finds nothing to do, but the
    // call does not wait for that.
    assert.ok(['running', 'no_changes'].includes(s.outcome), JSON.stringify(s));
    if (s.outcome === 'running') {
      assert.match(s.deployment_id, /^d\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{4}$/);
      assert.match(errorText(result), /ua_self_status \{"deployment_id": "d/);
      const done = await client.callTool({
        name: 'ua_self_status',
        arguments: { deployment_id: s.deployment_id, wait_s: 30 },
      });
      assert.equal(done.structuredContent.operation.result.outcome, 'no_changes');
    }
  }));

test('wait_s out of range is refused by the schema', () =>
  withClient(async (client) => {
    for (const wait_s of [-1, 100000, 'soon']) {
      const result = await client.callTool({ name: 'ua_self_deploy', arguments: { wait_s } });
      assert.equal(result.isError, true, JSON.stringify(wait_s));
      assert.match(errorText(result), /wait_s/);
    }
  }));

await run(() => sandbox.cleanup());
