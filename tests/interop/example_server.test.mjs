// The example Python server (both trees) driven by the official MCP TypeScript SDK client:
// negotiation, tools/list, each tool with outputSchema validation by the SDK, tool errors,
// unknown tools as JSON-RPC errors, ping. Needs only python3, not the ua-deploy binary.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { assert, childEnv, errorText, makeSandbox, run, test } from './helpers.mjs';

const sandbox = makeSandbox();
const trees = {
  dev: path.join(sandbox.examples, 'unified-agents', 'dev'),
  prod: path.join(sandbox.examples, 'unified-agents', 'prod'),
};

async function connect(tree) {
  const transport = new StdioClientTransport({
    command: 'python3',
    args: ['server.py'],
    cwd: trees[tree],
    env: childEnv(sandbox.home),
    stderr: 'pipe',
  });
  let negotiated;
  transport.setProtocolVersion = (v) => {
    negotiated = v;
  };
  const client = new Client({ name: 'ua-interop-example', version: '1.0.0' });
  await client.connect(transport);
  return { client, negotiated: () => negotiated };
}

for (const tree of ['dev', 'prod']) {
  test(`${tree}: initialize negotiates the latest revision and names the server`, async () => {
    const { client, negotiated } = await connect(tree);
    try {
      assert.equal(negotiated(), '2025-11-25');
      assert.equal(client.getServerVersion().name, 'unified-agents');
      const expectedVersion = tree === 'prod' ? '0.1.0' : 'dev';
      assert.equal(client.getServerVersion().version, expectedVersion);
      assert.deepEqual(client.getServerCapabilities(), { tools: {} });
      assert.deepEqual(await client.ping(), {});
    } finally {
      await client.close();
    }
  });

  test(`${tree}: tools/list describes three tools with object schemas`, async () => {
    const { client } = await connect(tree);
    try {
      const { tools, nextCursor } = await client.listTools();
      assert.equal(nextCursor, undefined);
      assert.deepEqual(tools.map((t) => t.name).sort(), ['list_agents', 'render_template', 'run_workflow']);
      for (const t of tools) {
        assert.equal(t.inputSchema.type, 'object');
        assert.equal(t.outputSchema.type, 'object');
        assert.ok(t.description.length > 0);
        assert.equal(t.annotations.readOnlyHint, true);
      }
    } finally {
      await client.close();
    }
  });

  test(`${tree}: list_agents returns agents.json (validated against outputSchema)`, async () => {
    const { client } = await connect(tree);
    try {
      const result = await client.callTool({ name: 'list_agents', arguments: {} });
      assert.notEqual(result.isError, true);
      const onDisk = JSON.parse(readFileSync(path.join(trees[tree], 'agents.json'), 'utf8'));
      assert.deepEqual(result.structuredContent.agents, onDisk.agents);
      const planning = await client.callTool({ name: 'list_agents', arguments: { role: 'planning' } });
      assert.deepEqual(planning.structuredContent.agents.map((a) => a.name), ['planner']);
    } finally {
      await client.close();
    }
  });

  test(`${tree}: render_template fills variables and reports missing ones as tool errors`, async () => {
    const { client } = await connect(tree);
    try {
      const ok = await client.callTool({
        name: 'render_template',
        arguments: { template: 'greeting', variables: { user: 'Ada', agent: 'planner' } },
      });
      assert.equal(ok.structuredContent.text, 'Hello Ada, I am planner. Tell me what you need and I will route it.');
      const missing = await client.callTool({ name: 'render_template', arguments: { template: 'greeting' } });
      assert.equal(missing.isError, true);
      assert.match(errorText(missing), /needs variables: user, agent/);
      const escape = await client.callTool({ name: 'render_template', arguments: { template: '../agents' } });
      assert.equal(escape.isError, true);
      assert.match(errorText(escape), /\/template/);
    } finally {
      await client.close();
    }
  });

  test(`${tree}: unknown tool is a JSON-RPC invalid-params error`, async () => {
    const { client } = await connect(tree);
    try {
      await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), (err) => {
        assert.ok(err instanceof McpError);
        assert.equal(err.code, -32602);
        return true;
      });
    } finally {
      await client.close();
    }
  });
}

test('dev: the reviewer agent and its code_review template exist only in dev', async () => {
  const { client } = await connect('dev');
  try {
    const routed = await client.callTool({
      name: 'run_workflow',
      arguments: { workflow: 'router', input: 'please review this patch' },
    });
    assert.equal(routed.structuredContent.result.agent, 'reviewer');
    const review = await client.callTool({
      name: 'render_template',
      arguments: { template: 'code_review', variables: { author: 'Ada', change: '#42' } },
    });
    assert.match(review.structuredContent.text, /^Review of #42 by Ada/);
    const gone = await client.callTool({ name: 'run_workflow', arguments: { workflow: 'summarize', input: 'x' } });
    assert.equal(gone.isError, true);
    assert.match(errorText(gone), /Unknown workflow 'summarize'/);
  } finally {
    await client.close();
  }
});

test('prod: the summarize workflow still runs in production', async () => {
  const { client } = await connect('prod');
  try {
    const result = await client.callTool({
      name: 'run_workflow',
      arguments: { workflow: 'summarize', input: 'Deploys are boring. That is the goal.' },
    });
    assert.deepEqual(result.structuredContent.result, { summary: 'Deploys are boring.', words: 7 });
  } finally {
    await client.close();
  }
});

test('both trees: EOF on stdin ends the server with status 0; stdout holds only replies', () => {
  const lines = [
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'eof', version: '1' } } },
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { jsonrpc: '2.0', id: 2, method: 'ping' },
  ].map((m) => JSON.stringify(m)).join('\n');
  for (const tree of Object.keys(trees)) {
    const child = spawnSync('python3', ['server.py'], {
      cwd: trees[tree],
      env: childEnv(sandbox.home),
      input: `${lines}\n`,
      encoding: 'utf8',
      timeout: 10_000,
    });
    assert.equal(child.status, 0, child.stderr);
    const replies = child.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(replies.map((r) => r.id), [1, 2]);
    assert.equal(replies[0].result.protocolVersion, '2024-11-05');
    assert.match(child.stderr, /stdin closed/);
  }
});

await run(sandbox.cleanup);
