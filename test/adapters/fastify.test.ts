import { describeAdapterContract } from '../../src/adapters/adapter.contract.js';
import { MATRIX } from './backends.js';
import { FASTIFY } from './servers.js';

describeAdapterContract(FASTIFY, MATRIX);
