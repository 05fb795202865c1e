import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { formOf } from '../http/responses.js';
import { nodeCsrfRequest } from './node-response.js';

/** A node:http request with just the fields the CSRF request is made of. */
const request = (fields: {
  method?: string;
  host?: string;
  encrypted?: boolean;
}): IncomingMessage =>
  ({
    method: fields.method,
    headers: fields.host === undefined ? {} : { host: fields.host },
    socket: { encrypted: fields.encrypted },
  }) as unknown as IncomingMessage;

describe('nodeCsrfRequest', () => {
  it.each([
    [
      'a plain socket',
      { method: 'POST', host: 'app.example:8080' },
      'POST',
      'http://app.example:8080/',
    ],
    [
      'a TLS socket',
      { method: 'PUT', host: 'app.example', encrypted: true },
      'PUT',
      'https://app.example/',
    ],
    ['no method, as in a test double', { host: 'app.example' }, 'GET', 'http://app.example/'],
    ['no Host', { method: 'POST' }, 'POST', '/'],
    ['an unparsable Host', { method: 'POST', host: 'a b' }, 'POST', '/'],
  ])('reads %s', (_name, fields, method, url) => {
    expect(nodeCsrfRequest(request(fields))).toMatchObject({ method, url });
  });
});

describe('formOf', () => {
  it.each([
    ['a parsed form', { csrf_token: 't' }, true],
    ['no body', undefined, false],
    ['null', null, false],
    ['a string body', 'csrf_token=t', false],
  ])('takes %s as a form: %s', (_name, body, isForm) => {
    expect(formOf(body) !== undefined).toBe(isForm);
  });
});
