// examples/session.jsonl piped into `ua-deploy serve` works as the README says: every
// request is answered in a shape the SDK's own schemas accept, stdout carries nothing but
// JSON-RPC, and the server exits 0 when stdin ends.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CallToolResultSchema,
  InitializeResultSchema,
  JSONRPCMessageSchema,
  ListToolsResultSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { assert, childEnv, expectedPending, makeSandbox, requireEnv, run, test } from './helpers.mjs';

const binary = requireEnv('UA_DEPLOY_BINARY');
const sandbox = makeSandbox();

test('session.jsonl: initialize, tools/list and ua_self_status are answered; exit 0 on EOF', () => {
  const session = readFileSync(path.join(sandbox.examples, 'session.jsonl'), 'utf8');
  const requests = session.trim().split('\n').map((l) => JSON.parse(l)).filter((m) => 'id' in m);
  const child = spawnSync(binary, ['serve', '--config', sandbox.config], {
    input: session,
    env: childEnv(sandbox.home),
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(child.status, 0, `stderr:\n${child.stderr}`);
  const lines = child.stdout.split('\n').filter((l) => l !== '');
  const messages = lines.map((l) => JSONRPCMessageSchema.parse(JSON.parse(l)));
  const responses = messages.filter((m) => 'id' in m && !('method' in m));
  assert.deepEqual(responses.map((r) => r.id).sort(), requests.map((r) => r.id).sort());
  const byMethod = Object.fromEntries(requests.map((r) => [r.method, responses.find((x) => x.id === r.id)]));

  const init = InitializeResultSchema.parse(byMethod.initialize.result);
  assert.equal(init.protocolVersion, '2025-11-25');
  const tools = ListToolsResultSchema.parse(byMethod['tools/list'].result).tools;
  assert.ok(tools.some((t) => t.name === 'ua_self_status'));
  const status = CallToolResultSchema.parse(byMethod['tools/call'].result);
  assert.notEqual(status.isError, true, JSON.stringify(status.content));
  const expected = expectedPending(sandbox, 'unified-agents');
  assert.deepEqual([...status.structuredContent.pending.modified].sort(), expected.modified);
});

await run(sandbox.cleanup);
