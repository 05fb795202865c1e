import { describe, it } from 'vitest';
import { SEAL_BACKENDS, sealedProperties } from '../../../test/fuzz/properties/sealed.js';

describe(`sealed tokens on ${SEAL_BACKENDS.join(' and ')} (properties, shared with npm run fuzz)`, () => {
  for (const property of sealedProperties) {
    it(property.name, () => {
      property.check(property.runs);
    });
  }
});
