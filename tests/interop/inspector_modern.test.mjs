// The MCP Inspector CLI in the 2026-07-28 era (--protocol-era modern): it probes with
// server/discover in the same process, lists the tools, calls ua_self_status, and a deploy
// that ua-deploy answers with a task, which the Inspector polls with tasks/get until it is
// completed. --protocol-era auto lands on the same era.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { assert, assertDeployed, makeSandbox, requireEnv, run, runInspector, test } from './helpers.mjs';

const binary = requireEnv('UA_DEPLOY_BINARY');
const sandbox = makeSandbox();

function inspector(era, inspectorArgs) {
  return runInspector(sandbox, ['--protocol-era', era, ...inspectorArgs], [binary, 'serve', '--config', sandbox.config]);
}

test('modern: tools/list', () => {
  const r = inspector('modern', ['--method', 'tools/list']);
  assert.equal(r.status, 0, r.context);
  assert.deepEqual(r.json.result.tools.map((t) => t.name), ['ua_self_status', 'ua_self_deploy', 'ua_self_rollback']);
});

test('auto: lands on 2026-07-28 and calls ua_self_status', () => {
  const r = inspector('auto', ['--method', 'tools/call', '--tool-name', 'ua_self_status', '--tool-args-json', '{}']);
  assert.equal(r.status, 0, r.context);
  assert.equal(r.json.result.structuredContent.profile, 'unified-agents');
  assert.equal(r.json.result.resultType, 'complete', r.context);
});

test('modern: a deploy becomes a task, polled to completed', () => {
  const r = inspector('modern', ['--method', 'tools/call', '--tool-name', 'ua_self_deploy', '--tool-args-json', '{"message":"inspector"}']);
  assert.equal(r.status, 0, r.context);
  const s = r.json.result.structuredContent;
  assert.equal(s.outcome, 'complete', r.context);
  assert.match(s.deployment_id, /^d\d{8}T/);
  // The deploy really ran in its own process, as a task: its record names it.
  const tasks = path.join(sandbox.examples, 'backups', 'unified-agents', 'tasks');
  assert.equal(readdirSync(tasks).filter((f) => f.endsWith('.json')).length, 1);
  assertDeployed(sandbox);
});

await run(sandbox.cleanup);
