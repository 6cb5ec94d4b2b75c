// Helpers for the 2026-07-28 interop scripts: the v2 client (@modelcontextprotocol/client)
// connected to `ua-deploy serve` in a sandbox, a task session of @modelcontextprotocol/ext-tasks
// on top of it, and a post-deploy test that holds a deployment until the script releases it.
import { execFileSync } from 'node:child_process';
import { createReadStream, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { createApplicationInputHandler, createTaskSessionFromClient } from '@modelcontextprotocol/ext-tasks/client';
import { childEnv } from './helpers.mjs';

export const TASKS = 'io.modelcontextprotocol/tasks';

// A connected v2 client. `negotiation`: {mode: 'auto'} or {mode: {pin: '2026-07-28'}}.
export async function connectModern(binary, sandbox, config, { negotiation, capabilities = {}, client: options = {} } = {}) {
  const client = new Client(
    { name: 'ua-interop-2026', version: '1.0.0' },
    { versionNegotiation: negotiation ?? { mode: { pin: '2026-07-28' } }, capabilities, ...options },
  );
  const transport = new StdioClientTransport({
    command: binary,
    args: ['serve', '--config', config],
    env: childEnv(sandbox.home),
    stderr: 'pipe',
  });
  await client.connect(transport);
  return { client, transport };
}

// An ext-tasks session over a connected client. ext-tasks sends tools/call and tasks/* below
// the SDK (which does not know resultType "task"): `rawDispatch` writes them on the transport
// with ids of their own and takes their responses before the SDK sees them.
export function taskSession({ client, transport }, capabilities, onElicitation) {
  const pending = new Map();
  let seq = 0;
  const sdkOnMessage = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if (typeof message?.id === 'string' && pending.has(message.id) && !('method' in message)) {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      return resolve('error' in message ? { kind: 'error', error: message.error } : { kind: 'result', result: message.result });
    }
    return sdkOnMessage?.(message, extra);
  };
  const rawDispatch = (request) =>
    new Promise((resolve, reject) => {
      const id = `raw-${++seq}`;
      pending.set(id, resolve);
      transport.send({ jsonrpc: '2.0', id, method: request.method, params: request.params }).catch(reject);
    });
  return createTaskSessionFromClient(client, {
    endpointId: 'ua-deploy',
    rawDispatch,
    v2RequestFraming: {
      protocolVersion: client.getNegotiatedProtocolVersion(),
      clientInfo: { name: 'ua-interop-2026', version: '1.0.0' },
      clientCapabilities: capabilities,
    },
    onInputRequest: createApplicationInputHandler({
      elicitation: onElicitation ?? (async () => ({ action: 'decline' })),
      sampling: async () => {
        throw new Error('no sampling here');
      },
      roots: async () => ({ roots: [] }),
    }),
  });
}

// A post-deploy test that tells the script it runs (a line into one FIFO) and then waits until
// the script releases it (EOF on another), so the deployment is held in TESTING on purpose.
export function makeGate(dir) {
  const entered = path.join(dir, 'gate-entered');
  const release = path.join(dir, 'gate-release');
  execFileSync('mkfifo', [entered, release]);
  return {
    test: {
      type: 'command',
      name: 'gate',
      command: ['sh', '-c', 'echo in > "$0"; cat "$1" > /dev/null', entered, release],
      timeout_s: 120,
    },
    // Resolves once the gate command runs: production is switched, TESTING has begun.
    entered: () =>
      new Promise((resolve, reject) => {
        createReadStream(entered).on('data', () => {}).on('end', resolve).on('error', reject);
      }),
    release: () => writeFileSync(release, ''),
  };
}
