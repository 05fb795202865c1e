import { describe, expect, it } from 'vitest';
import { cookieParseProperties } from '../../test/fuzz/properties/cookie-parse.js';
import { MAX_RATIO, SCALING_CASES, scalingRatio } from '../../test/fuzz/properties/linearity.js';

describe('cookie parsers (properties, shared with npm run fuzz)', () => {
  for (const property of cookieParseProperties) {
    it(property.name, () => {
      property.check(property.runs);
    });
  }
});

describe('cookie parsers run in linear time (1 KiB against 16 KiB, the most Node accepts)', () => {
  it.each(SCALING_CASES.map((scalingCase) => [scalingCase.name, scalingCase] as const))(
    '%s',
    (_name, scalingCase) => {
      // Linear work takes about 16 times as long, quadratic work about 256 times.
      expect(scalingRatio(scalingCase, 1024)).toBeLessThan(MAX_RATIO);
    },
  );
});
