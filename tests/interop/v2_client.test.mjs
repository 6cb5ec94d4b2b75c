// MCP revision 2026-07-28 through the v2 client (@modelcontextprotocol/client 2.4): version
// negotiation "auto" lands on 2026-07-28 (its probe runs server/discover in a process of its
// own), pinned to 2026-07-28 the tools work, and a profile with "confirm": true asks through the
// client's elicitation handler: accept deploys, decline touches nothing, and a replayed or
// tampered requestState is refused.
import path from 'node:path';
import {
  assert,
  errorText,
  makeSandbox,
  requireEnv,
  run,
  snapshotTree,
  test,
  writeProfileConfig,
  assertDeployed,
} from './helpers.mjs';
import { connectModern } from './modern_helpers.mjs';

const binary = requireEnv('UA_DEPLOY_BINARY');
const sandbox = makeSandbox();
const prod = path.join(sandbox.examples, 'unified-agents', 'prod');
const dev = path.join(sandbox.examples, 'unified-agents', 'dev');

async function withClient(config, options, fn) {
  const connection = await connectModern(binary, sandbox, config, options);
  try {
    await fn(connection.client);
  } finally {
    await connection.client.close();
  }
}

test('auto negotiation lands on 2026-07-28 through server/discover', () =>
  withClient(sandbox.config, { negotiation: { mode: 'auto' } }, async (client) => {
    assert.equal(client.getProtocolEra(), 'modern');
    assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
    const discover = client.getDiscoverResult();
    assert.deepEqual(discover.supportedVersions, ['2026-07-28']);
    assert.deepEqual(discover.capabilities.extensions['io.modelcontextprotocol/tasks'], {});
    assert.equal(client.getServerVersion().name, 'ua-deploy');
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ['ua_self_status', 'ua_self_deploy', 'ua_self_rollback']);
  }));

test('pinned to 2026-07-28: status and a dry run, validated against the output schemas', () =>
  withClient(sandbox.config, {}, async (client) => {
    assert.equal(client.getProtocolEra(), 'modern');
    const status = await client.callTool({ name: 'ua_self_status', arguments: {} });
    assert.notEqual(status.isError, true, errorText(status));
    assert.equal(status.structuredContent.profile, 'unified-agents');
    const preview = await client.callTool({ name: 'ua_self_deploy', arguments: { dry_run: true } });
    assert.equal(preview.structuredContent.outcome, 'dry_run', errorText(preview));
    assert.match(preview.structuredContent.plan_digest, /^[0-9a-f]{64}$/);
  }));

const confirmConfig = writeProfileConfig(sandbox, 'config-confirm.json', { confirm: true });
const elicitation = { elicitation: { form: {} } };

test('confirm: the elicitation handler declines, and nothing is touched', async () => {
  const before = snapshotTree(prod);
  let asked;
  await withClient(confirmConfig, { capabilities: elicitation }, async (client) => {
    client.setRequestHandler('elicitation/create', async (request) => {
      asked = request.params;
      return { action: 'decline' };
    });
    const result = await client.callTool({ name: 'ua_self_deploy', arguments: {} });
    assert.equal(result.isError, true);
    assert.match(errorText(result), /Not approved/);
  });
  assert.equal(asked.mode, 'form');
  assert.match(asked.message, /Profile unified-agents: v0\.1\.0 -> v0\.1\.1/);
  assert.match(asked.message, /modified \(1\): agents\.json/);
  assert.deepEqual(snapshotTree(prod), before);
});

test('confirm: a replayed or tampered requestState is refused', async () => {
  const before = snapshotTree(prod);
  await withClient(confirmConfig, { capabilities: elicitation, client: { inputRequired: { autoFulfill: false } } }, async (client) => {
    client.setRequestHandler('elicitation/create', async () => ({ action: 'decline' }));
    const first = await client.callTool({ name: 'ua_self_deploy', arguments: {} }, { allowInputRequired: true });
    assert.equal(first.resultType, 'input_required');
    const yes = { confirm: { action: 'accept', content: { approve: true } } };
    const tampered = first.requestState.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const forged = await client.callTool({ name: 'ua_self_deploy', arguments: {}, inputResponses: yes, requestState: tampered });
    assert.equal(forged.isError, true);
    assert.match(errorText(forged), /Confirmation refused/);
    assert.deepEqual(snapshotTree(prod), before);

    const accepted = await client.callTool({ name: 'ua_self_deploy', arguments: {}, inputResponses: yes, requestState: first.requestState });
    assert.equal(accepted.structuredContent.outcome, 'complete', errorText(accepted));
    const replayed = await client.callTool({ name: 'ua_self_deploy', arguments: {}, inputResponses: yes, requestState: first.requestState });
    assert.equal(replayed.isError, true);
    assert.match(errorText(replayed), /already used/);
  });
  assertDeployed(sandbox);
});

test('confirm: the elicitation handler accepts, and the release is deployed', async () => {
  let asked = 0;
  await withClient(confirmConfig, { capabilities: elicitation }, async (client) => {
    client.setRequestHandler('elicitation/create', async () => {
      asked++;
      return { action: 'accept', content: { approve: true } };
    });
    // Production already equals the source (the test before deployed it): nothing to ask.
    const nothing = await client.callTool({ name: 'ua_self_deploy', arguments: {} });
    assert.equal(nothing.structuredContent.outcome, 'no_changes', errorText(nothing));
    assert.equal(asked, 0);
    // A new change is asked about, accepted and deployed.
    const { appendFileSync } = await import('node:fs');
    appendFileSync(path.join(dev, 'server.py'), '# one more change\n');
    const result = await client.callTool({ name: 'ua_self_deploy', arguments: {} });
    assert.equal(result.structuredContent.outcome, 'complete', errorText(result));
    assert.equal(asked, 1);
  });
  assertDeployed(sandbox);
});

await run(sandbox.cleanup);
