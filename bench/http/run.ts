/**
 * `npm run bench:http`: every stack of stacks.ts under the same autocannon load, server and
 * client pinned to different cores, rounds interleaved in a fresh random order each time.
 * Server CPU per request comes from /proc, so it holds whichever side was the bottleneck;
 * the added cost of a session layer is taken against its bare framework in the same round.
 *
 * Knobs: HTTP_DURATION (measured seconds, default 5), HTTP_WARMUP (seconds, default 3),
 * ROUNDS (default 3), ONLY=a,t-node-mem (those stacks plus their bare frameworks and
 * references). Loopback only; every wait is bounded and every child is stopped by its PID.
 */
import { shuffle } from '../harness.js';
import { CONNECTIONS, load } from './load.js';
import { cpuSeconds, machineBusySeconds, pinClient, startRedis, startServer } from './proc.js';
import { resultsTable, targetsTable, type Sample } from './report.js';
import { selectStacks, type Stack } from './stacks.js';

function whole(name: string, fallback: number, max: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max}`);
  }
  return value;
}

const duration = whole('HTTP_DURATION', 5, 120);
const warmup = whole('HTTP_WARMUP', 3, 60);
const rounds = whole('ROUNDS', 3, 20);
const only = process.env['ONLY']?.split(',').filter((id) => id !== '');

/** CPU seconds of everything this run controls: the server, redis-server and this client. */
function ownCpuSeconds(serverPid: number): number {
  const client = process.cpuUsage();
  const redisCpu = redis === undefined ? 0 : cpuSeconds(redis.pid);
  return cpuSeconds(serverPid) + redisCpu + (client.user + client.system) / 1e6;
}

async function measure(stack: Stack, env: NodeJS.ProcessEnv): Promise<Sample> {
  const server = await startServer(stack.server, stack.args ?? [], env);
  try {
    const session = stack.bare !== undefined;
    await load(server.url, warmup, false);
    const cpuBefore = cpuSeconds(server.pid);
    const foreignBefore = machineBusySeconds() - ownCpuSeconds(server.pid);
    const started = process.hrtime.bigint();
    const result = await load(server.url, duration, session);
    const cpu = cpuSeconds(server.pid) - cpuBefore;
    const foreign = machineBusySeconds() - ownCpuSeconds(server.pid) - foreignBefore;
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      reqPerSecond: result.reqPerSecond,
      p99Ms: result.p99Ms,
      cpuUsPerRequest: (cpu * 1e6) / result.requests,
      serverCpuShare: cpu / wall,
      foreignCpuShare: Math.max(0, foreign / wall),
      failures: result.failures,
      counterProblem: result.counterProblem,
    };
  } finally {
    await server.stop();
  }
}

const stacks = selectStacks(only);
const pinned = pinClient();
const redis = stacks.some((stack) => stack.redis === true) ? await startRedis() : undefined;
const env = { ...process.env, ...(redis === undefined ? {} : { REDIS_URL: redis.url }) };
const runnable = stacks.filter((stack) => stack.redis !== true || redis !== undefined);

console.log(`# Tessera HTTP benchmarks (Node ${process.version}, ${new Date().toISOString()})\n`);
console.log(
  `autocannon, ${CONNECTIONS} connections, loopback, ${warmup} s warm-up + ${duration} s, ` +
    `${rounds} interleaved rounds, medians; ` +
    (pinned ? 'client on core 0, servers and redis-server on core 1.' : 'not pinned (no taskset).'),
);
if (runnable.length < stacks.length) console.log('\nredis-server not found: Redis stacks skipped.');

const results: Map<string, Sample>[] = [];
try {
  for (let round = 1; round <= rounds; round++) {
    const samples = new Map<string, Sample>();
    for (const stack of shuffle(runnable)) {
      try {
        samples.set(stack.id, await measure(stack, env));
        process.stderr.write(`round ${round}/${rounds}: ${stack.id} done\n`);
      } catch (error) {
        process.stderr.write(`round ${round}/${rounds}: ${stack.id} failed: ${String(error)}\n`);
      }
    }
    results.push(samples);
  }
} finally {
  await redis?.stop();
}

console.log(`\n${resultsTable(runnable, results)}\n`);
console.log(`Targets (server CPU added per request over the bare framework, same run):\n`);
console.log(targetsTable(runnable, results));
