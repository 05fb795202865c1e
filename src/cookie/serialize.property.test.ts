import { describe, it } from 'vitest';
import { cookieSerializeProperties } from '../../test/fuzz/properties/cookie-serialize.js';

describe('cookie serializers (properties, shared with npm run fuzz)', () => {
  for (const property of cookieSerializeProperties) {
    it(property.name, () => {
      property.check(property.runs);
    });
  }
});
