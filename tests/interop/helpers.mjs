// Shared helpers for the interop scripts: a sandboxed copy of examples/, the child
// environment, the SDK transport that starts `ua-deploy serve` in it, an independent computation of the example's pending changes, and a
// minimal sequential test runner that ends with "N passed, N failed".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set (CTest sets it; see CMakeLists.txt)`);
    process.exit(2);
  }
  return value;
}

// Copies UA_SOURCE_DIR/examples into a fresh temp dir so the repository is never written.
export function makeSandbox() {
  const sourceDir = requireEnv('UA_SOURCE_DIR');
  const root = mkdtempSync(path.join(tmpdir(), 'ua-interop-'));
  const examples = path.join(root, 'examples');
  cpSync(path.join(sourceDir, 'examples'), examples, { recursive: true });
  const home = path.join(root, 'home');
  mkdirSync(home);
  return {
    root,
    examples,
    home,
    config: path.join(examples, 'config.json'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

// What the spawned server sees: nothing from the real home, no inherited config.
export function childEnv(home) {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: process.env.LANG ?? 'C.UTF-8' };
}

// The SDK's stdio transport for `ua-deploy serve --config <the sandbox's config>` (or `args`)
// with the sandbox's child environment plus `env`.
export function serveTransport(binary, sandbox, { args, env = {}, cwd, stderr = 'pipe' } = {}) {
  return new StdioClientTransport({
    command: binary,
    args: args ?? ['serve', '--config', sandbox.config],
    env: { ...childEnv(sandbox.home), ...env },
    cwd,
    stderr,
  });
}

// Glob semantics of docs/design.md "Configuration": `*` stays in one segment, `**` crosses them.
export function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else {
        re += '.*';
      }
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

function walk(root, relative = '') {
  const out = [];
  for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(root, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

export function managedFiles(root, include, exclude) {
  const inc = include.map(globToRegExp);
  const exc = exclude.map(globToRegExp);
  return walk(root)
    .filter((f) => inc.some((r) => r.test(f)) && !exc.some((r) => r.test(f)))
    .sort();
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

// The plan a status should report, computed from the files without ua-deploy.
export function expectedPending(sandbox, profileName) {
  const config = JSON.parse(readFileSync(sandbox.config, 'utf8'));
  const profile = config.profiles[profileName];
  const base = path.dirname(sandbox.config);
  const source = path.resolve(base, profile.source);
  const target = path.resolve(base, profile.target);
  const src = managedFiles(source, profile.include, profile.exclude ?? []);
  const dst = new Set(managedFiles(target, profile.include, profile.exclude ?? []));
  const added = [];
  const modified = [];
  let unchanged = 0;
  for (const f of src) {
    if (!dst.has(f)) added.push(f);
    else if (sha256(path.join(source, f)) !== sha256(path.join(target, f))) modified.push(f);
    else unchanged++;
  }
  const srcSet = new Set(src);
  const removed = [...dst].filter((f) => !srcSet.has(f)).sort();
  return { added, modified, removed, unchanged, source, target };
}

// The JSON text block that accompanies structuredContent.
export function jsonTextBlock(result) {
  for (const block of result.content ?? []) {
    if (block.type !== 'text') continue;
    try {
      return JSON.parse(block.text);
    } catch {
      // the human sentence, not the JSON block
    }
  }
  return undefined;
}

export function errorText(result) {
  return (result.content ?? []).filter((b) => b.type === 'text').map((b) => b.text).join('\n');
}

const TEST_DEADLINE_MS = 45_000;
const tests = [];
export function test(name, fn) {
  tests.push({ name, fn });
}

// Runs the registered tests in order, then `cleanup(failedCount)`; exits non-zero on failure.
export async function run(cleanup = () => {}) {
  let passed = 0;
  let failed = 0;
  for (const { name, fn } of tests) {
    let timer;
    try {
      // A deadline against a hung server: it fails the test, it never paces one.
      const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no outcome within ${TEST_DEADLINE_MS} ms`)), TEST_DEADLINE_MS);
      });
      await Promise.race([fn(), deadline]);
      passed++;
      console.log(`ok - ${name}`);
    } catch (err) {
      failed++;
      console.log(`not ok - ${name}`);
      console.log(String(err?.stack ?? err).replace(/^/gm, '    '));
    } finally {
      clearTimeout(timer);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  cleanup(failed);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

export { assert };

// Every file under `dir` with its bytes and mode, to prove an operation left a tree alone.
export function snapshotTree(dir) {
  const snap = {};
  for (const rel of walk(dir)) {
    const file = path.join(dir, rel);
    snap[rel] = `${sha256(file)} ${(statSync(file).mode & 0o7777).toString(8)}`;
  }
  return snap;
}

// The sandbox's example profile changed by `overrides`, written next to the example config;
// returns the new config's path.
export function writeProfileConfig(sandbox, name, overrides) {
  const config = JSON.parse(readFileSync(sandbox.config, 'utf8'));
  Object.assign(config.profiles['unified-agents'], overrides);
  const file = path.join(sandbox.examples, name);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

// Production's managed files equal the source's (computed without ua-deploy).
export function assertDeployed(sandbox, profileName = 'unified-agents') {
  const pending = expectedPending(sandbox, profileName);
  assert.deepEqual(
    { added: pending.added, modified: pending.modified, removed: pending.removed },
    { added: [], modified: [], removed: [] },
  );
}

// Runs the Inspector CLI (the pinned @modelcontextprotocol/inspector) with `--cli --format json`
// and `inspectorArgs`; `server` comes after "--" so its own flags (--config) are not taken for
// the Inspector's. Returns {status, json (stdout parsed, or undefined), context (for messages)}.
export function runInspector(sandbox, inspectorArgs, server) {
  const require = createRequire(import.meta.url);
  const inspectorPackage = require.resolve('@modelcontextprotocol/inspector/package.json');
  const inspectorBin = path.join(
    path.dirname(inspectorPackage),
    JSON.parse(readFileSync(inspectorPackage, 'utf8')).bin['mcp-inspector'],
  );
  const args = [inspectorBin, '--cli', '--format', 'json', ...inspectorArgs, '--', ...server];
  const child = spawnSync(process.execPath, args, {
    env: childEnv(sandbox.home),
    encoding: 'utf8',
    timeout: 60_000,
  });
  const context = `exit ${child.status}; stderr:\n${child.stderr}\nstdout:\n${child.stdout}`;
  let json;
  try {
    json = JSON.parse(child.stdout);
  } catch {
    json = undefined;
  }
  return { status: child.status, json, context };
}
