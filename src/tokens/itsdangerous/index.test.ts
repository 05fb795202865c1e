import { describe, expect, it } from 'vitest';
import * as itsdangerous from './index.js';

describe('tessera/itsdangerous', () => {
  it('exports exactly the public surface (review any change)', () => {
    expect(Object.keys(itsdangerous).sort()).toEqual([
      'BadData',
      'BadPayload',
      'BadSignature',
      'BadTimeSignature',
      'MAX_JSON_DEPTH',
      'Serializer',
      'SignatureExpired',
      'Signer',
      'StarletteSessionSerializer',
      'TimedSerializer',
      'TimestampSigner',
      'URLSafeSerializer',
      'URLSafeTimedSerializer',
      'compactJson',
      'compactJsonDumps',
      'pythonJson',
      'pythonJsonDumps',
    ]);
  });
});
