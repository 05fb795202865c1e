import { describe } from 'vitest';
import {
  describeAdapterContract,
  type AdapterUnderTest,
  type ContractBackend,
} from '../../src/adapters/adapter.contract.js';
import { MATRIX, SERVICES } from './backends.js';
import { EXPRESS_4, EXPRESS_5 } from './servers.js';

describe.each<[string, AdapterUnderTest, readonly ContractBackend[]]>([
  ['Express 5', EXPRESS_5, [...MATRIX, ...SERVICES]],
  ['Express 4', EXPRESS_4, MATRIX],
])('%s', (_name, adapter, backends) => {
  describeAdapterContract(adapter, backends);
});
