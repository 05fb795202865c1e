import { describeAdapterContract } from '../../src/adapters/adapter.contract.js';
import { MATRIX } from './backends.js';
import { HONO } from './servers.js';

describeAdapterContract(HONO, MATRIX);
