import { describe, expect, it } from 'vitest';
import { renderTemplate, templatePlaceholders } from './reply-template';

const html = (value: string) => value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

describe('renderTemplate', () => {
  it('fills each placeholder with its escaped value, and leaves the template’s own text alone', () => {
    expect(renderTemplate('Order {order_id} goes to <b>{email}</b>.', { order_id: '48213', email: '<script>x</script>' }, html)).toBe(
      'Order 48213 goes to <b>&lt;script&gt;x&lt;/script&gt;</b>.',
    );
  });

  it('never reads a value as a template, and keeps a placeholder it has no value for', () => {
    expect(renderTemplate('{a} and {b} and {missing}', { a: '{b}', b: 'B' })).toBe('{b} and B and {missing}');
  });

  it('ignores what only looks like a placeholder, and inherited names', () => {
    expect(renderTemplate('{Order} {1x} {toString} {a}', { a: 'A' })).toBe('{Order} {1x} {toString} A');
  });

  it('lists the placeholders a template uses', () => {
    expect(templatePlaceholders('Order {order_id}, {email}, again {order_id}')).toEqual(['order_id', 'email']);
  });
});
