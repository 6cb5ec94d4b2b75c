// Protocol-level behaviour of `ua-deploy serve` seen through the SDK: version negotiation
// for every supported revision over the SDK's stdio framing, id types echoed, notifications
// never answered, and the JSON-RPC errors the SDK's low-level request API surfaces.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { EmptyResultSchema, ListToolsResultSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { assert, makeSandbox, requireEnv, run, serveTransport, test } from './helpers.mjs';

const binary = requireEnv('UA_DEPLOY_BINARY');
const sandbox = makeSandbox();

function newTransport() {
  return serveTransport(binary, sandbox, { stderr: 'ignore' });
}

// A session below the Client class: raw JSON-RPC messages over the SDK's stdio framing.
async function rawSession() {
  const transport = newTransport();
  const inbox = [];
  const waiters = [];
  transport.onmessage = (m) => {
    const w = waiters.shift();
    if (w) w(m);
    else inbox.push(m);
  };
  await transport.start();
  return {
    send: (m) => transport.send({ jsonrpc: '2.0', ...m }),
    next: (ms = 10_000) => {
      if (inbox.length) return Promise.resolve(inbox.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms);
        waiters.push((m) => {
          clearTimeout(timer);
          resolve(m);
        });
      });
    },
    close: () => transport.close(),
  };
}

function initializeParams(protocolVersion) {
  return { protocolVersion, capabilities: {}, clientInfo: { name: 'ua-interop-raw', version: '1.0.0' } };
}

for (const version of ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05']) {
  test(`initialize with ${version} is answered with ${version}`, async () => {
    const s = await rawSession();
    try {
      await s.send({ id: 1, method: 'initialize', params: initializeParams(version) });
      const reply = await s.next();
      assert.equal(reply.id, 1);
      assert.equal(reply.result.protocolVersion, version);
      assert.equal(typeof reply.result.serverInfo.name, 'string');
    } finally {
      await s.close();
    }
  });
}

test('an unsupported revision is answered with the newest supported one', async () => {
  const s = await rawSession();
  try {
    await s.send({ id: 'init', method: 'initialize', params: initializeParams('1999-01-01') });
    const reply = await s.next();
    assert.equal(reply.id, 'init');
    assert.equal(reply.result.protocolVersion, '2025-11-25');
  } finally {
    await s.close();
  }
});

test('ids keep their JSON type (0 and "0") and notifications get no answer', async () => {
  const s = await rawSession();
  try {
    await s.send({ id: 0, method: 'initialize', params: initializeParams('2025-11-25') });
    assert.strictEqual((await s.next()).id, 0);
    await s.send({ method: 'notifications/initialized' });
    await s.send({ id: '0', method: 'ping' });
    const pong = await s.next();
    assert.strictEqual(pong.id, '0', 'the first message after the notification must answer the ping');
    assert.deepEqual(pong.result, {});
  } finally {
    await s.close();
  }
});

async function withClient(fn) {
  const client = new Client({ name: 'ua-interop-protocol', version: '1.0.0' });
  await client.connect(newTransport());
  try {
    await fn(client);
  } finally {
    await client.close();
  }
}

async function rejectsWithCode(promise, code) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof McpError, `expected McpError, got ${err}`);
    assert.equal(err.code, code);
    return true;
  });
}

test('tools/list has one page: no nextCursor, and an invented cursor is -32602', () =>
  withClient(async (client) => {
    const page = await client.request({ method: 'tools/list', params: {} }, ListToolsResultSchema);
    assert.ok(!('nextCursor' in page));
    await rejectsWithCode(
      client.request({ method: 'tools/list', params: { cursor: 'not-a-cursor' } }, ListToolsResultSchema),
      -32602,
    );
  }));

test('an unknown tool is -32602 and an unknown method is -32601', () =>
  withClient(async (client) => {
    await rejectsWithCode(client.callTool({ name: 'no_such_tool', arguments: {} }), -32602);
    await rejectsWithCode(client.request({ method: 'no/such/method', params: {} }, EmptyResultSchema), -32601);
  }));

test('logging/setLevel works when logging is advertised; an unknown level is -32602', () =>
  withClient(async (client) => {
    if (!client.getServerCapabilities()?.logging) {
      await rejectsWithCode(client.request({ method: 'logging/setLevel', params: { level: 'info' } }, EmptyResultSchema), -32601);
      return;
    }
    assert.deepEqual(await client.setLoggingLevel('warning'), {});
    await rejectsWithCode(
      client.request({ method: 'logging/setLevel', params: { level: 'loud' } }, EmptyResultSchema),
      -32602,
    );
  }));

await run(sandbox.cleanup);
