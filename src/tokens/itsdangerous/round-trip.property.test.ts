import { describe, it } from 'vitest';
import { itsdangerousProperties } from '../../../test/fuzz/properties/itsdangerous.js';

describe('itsdangerous tokens (properties, shared with npm run fuzz)', () => {
  for (const property of itsdangerousProperties) {
    it(property.name, () => {
      property.check(property.runs);
    });
  }
});
