import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attrs, escapeHtml, html, markupOf, raw } from './html.ts';

test('html › escapes interpolated text so data cannot inject markup', () => {
  const title = '<script>alert("x")</script> & \'co\'';
  assert.equal(
    markupOf(html`<h1>${title}</h1>`),
    '<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</h1>',
  );
});

test('html › escapes attribute values, including quotes that would end the attribute', () => {
  const value = '" onmouseover="steal()';
  assert.equal(markupOf(html`<input value="${value}">`), '<input value="&quot; onmouseover=&quot;steal()">');
});

test('html › keeps nested fragments and raw markup as they are, and joins arrays', () => {
  const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
  assert.equal(markupOf(html`<ul>${items}</ul>${raw('<hr>')}`), '<ul><li>a&lt;b</li><li>c</li></ul><hr>');
});

test('html › prints nothing for null, undefined and false, and numbers as text', () => {
  assert.equal(markupOf(html`${null}${undefined}${false}${0}${12.5}`), '012.5');
});

test('attrs › writes boolean attributes bare, skips false and empty, escapes values', () => {
  assert.equal(
    markupOf(attrs({ disabled: true, hidden: false, title: undefined, value: 'a"b' })),
    ' disabled value="a&quot;b"',
  );
});

test('escapeHtml › escapes backticks too (old browsers treat them as attribute quotes)', () => {
  assert.equal(escapeHtml('`'), '&#96;');
});
