/**
 * The virtual users' random walk: the weight of each step, for
 * members (logged in) and visitors (anonymous, with a pre-session).
 */
import type { VirtualUser } from './virtual-user.js';

export type Step = (user: VirtualUser) => Promise<void>;
export type StepTable = readonly (readonly [weight: number, step: Step])[];

export function pick(table: StepTable, draw: number): Step {
  const total = table.reduce((sum, [weight]) => sum + weight, 0);
  let left = draw * total;
  for (const [weight, step] of table) {
    left -= weight;
    if (left < 0) return step;
  }
  return table[table.length - 1]![1];
}

/**
 * Weights per step. Logins are rare (about 1 step in 100 for a member): each costs an
 * scrypt hash of 16 MiB and tens of milliseconds, as real logins are rare next to reads.
 */
export const MEMBER_STEPS: StepTable = [
  [34, (user) => user.readData()],
  [20, (user) => user.incrementJson()],
  [6, (user) => user.incrementForm()],
  [10, (user) => user.readHome()],
  [4, (user) => user.listSessions()],
  [18, (user) => user.anonymous()],
  [3, (user) => user.forgeCrossSite()],
  [0.5, (user) => user.logOutAndBackIn()],
  [0.25, (user) => user.logIn()],
  [0.25, (user) => user.tryWrongPassword()],
];

export const VISITOR_STEPS: StepTable = [
  [25, (user) => user.readHome()],
  [25, (user) => user.incrementJson()],
  [10, (user) => user.incrementForm()],
  [15, (user) => user.readDataAnonymously()],
  [15, (user) => user.tutorialCookie()],
  [8, (user) => user.anonymous()],
  [2, (user) => user.logOut()],
];
