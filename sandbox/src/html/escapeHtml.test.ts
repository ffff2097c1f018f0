import { escapeHtml } from './escapeHtml';

test('escapes the five characters that matter in text and quoted attributes, and nothing else', () => {
  expect(escapeHtml(`<a href="x?a=1&b='2'">é</a>`)).toBe(
    '&lt;a href=&quot;x?a=1&amp;b=&#39;2&#39;&quot;&gt;é&lt;/a&gt;',
  );
  expect(escapeHtml('plain')).toBe('plain');
});
