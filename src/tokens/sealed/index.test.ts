import { describe, expect, it } from 'vitest';
import { TesseraError } from '../../errors.js';
import * as seal from './index.js';

describe('tessera/seal public surface', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(seal).sort()).toEqual([
      'DEFAULT_TTL',
      'Keyring',
      'MAX_TOKEN_LENGTH',
      'MAX_TTL',
      'SealError',
      'SealExpiredError',
      'Sealer',
    ]);
  });

  it('roots its errors in TesseraError so callers can branch on one base class', () => {
    const expired = new seal.SealExpiredError(new Date(0));
    expect(expired).toBeInstanceOf(seal.SealError);
    expect(expired).toBeInstanceOf(TesseraError);
    expect(expired.name).toBe('SealExpiredError');
    expect(new seal.SealError('ERR_SEAL_FORGED', 'x').name).toBe('SealError');
  });
});
