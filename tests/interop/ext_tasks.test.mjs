// Deployments as tasks (MCP 2026-07-28, extension io.modelcontextprotocol/tasks) through
// @modelcontextprotocol/ext-tasks 0.2 on the v2 client: a deploy becomes a task that is polled
// with tasks/get until it is completed with the deploy's own result; tasks/cancel of another
// ends it cancelled with production byte for byte as before; with "confirm": true the task
// waits for the person's answer, which ext-tasks delivers with tasks/update.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { resultFromTaskOutcome } from '@modelcontextprotocol/ext-tasks/client';
import {
  assert,
  assertDeployed,
  makeSandbox,
  requireEnv,
  run,
  snapshotTree,
  test,
  writeProfileConfig,
} from './helpers.mjs';
import { TASKS, connectModern, makeGate, taskSession } from './modern_helpers.mjs';

const binary = requireEnv('UA_DEPLOY_BINARY');
const sandbox = makeSandbox();
const prod = path.join(sandbox.examples, 'unified-agents', 'prod');
const dev = path.join(sandbox.examples, 'unified-agents', 'dev');
const capabilities = { elicitation: { form: {} }, extensions: { [TASKS]: {} } };

async function withSession(config, onElicitation, fn) {
  const connection = await connectModern(binary, sandbox, config, { capabilities });
  const session = taskSession(connection, capabilities, onElicitation);
  try {
    await fn(session);
  } finally {
    await session.close();
    await connection.client.close();
  }
}

test('tasks/cancel stops a running deploy task; production is as before', async () => {
  const gate = makeGate(sandbox.root);
  const config = writeProfileConfig(sandbox, 'config-gated.json', { tests: [gate.test] });
  const before = snapshotTree(prod);
  await withSession(config, undefined, async (session) => {
    const exec = await session.callTool('ua_self_deploy', {});
    assert.equal(exec.kind, 'task');
    assert.match(exec.handle.taskId, /^unified-agents:[0-9a-f]{32}$/);
    await gate.entered(); // production is switched: the stop must roll it back
    const settled = exec.settle();
    await exec.cancel();
    const { outcome } = await settled;
    assert.equal(outcome.status, 'cancelled');
    // The server agrees once the operation has rolled back.
    let snapshot;
    do {
      snapshot = await session.task(exec.handle.taskId).snapshot();
    } while (snapshot.status === 'working');
    assert.equal(snapshot.status, 'cancelled');
  });
  assert.deepEqual(snapshotTree(prod), before);
});

test('a deploy task is polled with tasks/get until completed with the deploy result', async () => {
  await withSession(sandbox.config, undefined, async (session) => {
    const exec = await session.callTool('ua_self_deploy', { message: 'from ext-tasks' });
    assert.equal(exec.kind, 'task');
    const { outcome } = await exec.settle();
    assert.equal(outcome.status, 'completed');
    const result = resultFromTaskOutcome(outcome);
    assert.notEqual(result.isError, true);
    assert.equal(result.structuredContent.outcome, 'complete');
    assert.match(result.structuredContent.deployment_id, /^d\d{8}T/);
  });
  assertDeployed(sandbox);
});

test('confirm: the task waits for the answer; accept through tasks/update deploys', async () => {
  const config = writeProfileConfig(sandbox, 'config-confirm.json', { confirm: true, tests: [] });
  appendFileSync(path.join(dev, 'server.py'), '# a change to confirm\n');
  const asked = [];
  await withSession(
    config,
    async (request, context) => {
      asked.push({ message: request.params.message, delivery: context.delivery });
      return { action: 'accept', content: { approve: true } };
    },
    async (session) => {
      const exec = await session.callTool('ua_self_deploy', {});
      assert.equal(exec.kind, 'task');
      const { outcome } = await exec.settle();
      assert.equal(outcome.status, 'completed');
      assert.equal(resultFromTaskOutcome(outcome).structuredContent.outcome, 'complete');
    },
  );
  assert.equal(asked.length, 1);
  assert.equal(asked[0].delivery, 'task-update');
  assert.match(asked[0].message, /modified \(1\): server\.py/);
  assertDeployed(sandbox);
});

await run(sandbox.cleanup);
