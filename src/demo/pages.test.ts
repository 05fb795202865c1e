import { describe, expect, it } from 'vitest';
import { escapeHtml, homePage, sessionsPage } from './pages.js';

describe('escapeHtml', () => {
  it.each([
    ['plain', 'plain'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`"'&`, '&quot;&#39;&amp;'],
    ['&amp;', '&amp;amp;'],
  ])('escapes %j', (text, expected) => {
    expect(escapeHtml(text)).toBe(expected);
  });
});

describe('homePage', () => {
  it('shows the login form to a visitor', () => {
    const html = homePage({});
    expect(html).toContain('action="/login"');
    expect(html).not.toContain('action="/logout"');
    expect(html).not.toContain('role="alert"');
  });

  it('shows the user, the counter and the session buttons once logged in', () => {
    const html = homePage({ userId: '<b>', count: 7 });
    expect(html).toContain('Logged in as <strong>&lt;b&gt;</strong>');
    expect(html).toContain('Count: 7<');
    for (const action of ['/counter', '/sessions/logout-everywhere', '/logout']) {
      expect(html).toContain(`action="${action}"`);
    }
    expect(html).not.toContain('action="/login"');
    expect(homePage({ userId: 'alice' })).toContain('Count: 0<');
  });

  it.each([
    ['a visitor’s login form', {}],
    ['every form of a user', { userId: 'alice' }],
  ])('renders the CSRF token, escaped, into %s', (_name, state) => {
    const html = homePage({ ...state, csrf: 'a"b' });
    const forms = html.match(/<form /g) ?? [];
    const fields = html.match(/<input type="hidden" name="csrf_token" value="a&quot;b">/g) ?? [];
    expect(forms.length).toBeGreaterThan(0);
    expect(fields).toHaveLength(forms.length);
    expect(homePage(state)).not.toContain('csrf_token');
  });

  it('shows an escaped error', () => {
    expect(homePage({ error: 'a <b>' })).toContain('<p role="alert">a &lt;b&gt;</p>');
  });
});

describe('sessionsPage', () => {
  it('lists sessions with escaped user agents and marks the current one', () => {
    const at = new Date(Date.UTC(2030, 0, 1));
    const html = sessionsPage('alice', [
      { id: 'h1', createdAt: at, lastSeenAt: at, userAgent: '<img src=x>', current: true },
      { id: 'h2', createdAt: at, lastSeenAt: at, userAgent: undefined, current: false },
    ]);
    expect(html).toContain('&lt;img src=x&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('<td>unknown</td><td></td>');
    expect(html).toContain('2030-01-01T00:00:00.000Z');
    expect(html.match(/this one/g)).toHaveLength(1);
    expect(html).not.toContain('csrf_token');
    expect(sessionsPage('alice', [], 'tok').match(/name="csrf_token" value="tok"/g)).toHaveLength(
      2,
    );
  });
});
