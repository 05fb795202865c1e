/**
 * The session scenarios moved into the adapter suite (`src/adapters/adapter.contract.ts`),
 * which runs them through every adapter; its cookie jar stays reachable here for the demo's
 * client.
 */
export { Jar } from '../../src/adapters/adapter.contract.js';
