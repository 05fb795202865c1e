import { describeAdapterContract } from '../../src/adapters/adapter.contract.js';
import { MATRIX } from './backends.js';
import { FETCH_HANDLER } from './servers.js';

describeAdapterContract(FETCH_HANDLER, MATRIX);
