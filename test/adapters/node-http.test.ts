import { describeAdapterContract } from '../../src/adapters/adapter.contract.js';
import { MATRIX } from './backends.js';
import { NODE_HTTP } from './servers.js';

describeAdapterContract({ ...NODE_HTTP, name: 'node:http server' }, MATRIX);
