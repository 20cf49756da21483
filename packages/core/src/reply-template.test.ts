import { describe, expect, it } from 'vitest';
import { renderTemplate, templatePlaceholders } from './reply-template';

const html = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const plain = (value: string) => value;

describe('renderTemplate', () => {
  it('substitutes each {name} with its variable', () => {
    expect(renderTemplate('Order {order_id} goes to {address}.', { order_id: '48213', address: '1 Main St' }, plain)).toBe('Order 48213 goes to 1 Main St.');
  });

  it('passes every value through the escape, so a value cannot inject markup', () => {
    const rendered = renderTemplate('<b>Order</b> {order_id}', { order_id: '<script>alert(1)</script>' }, html);
    expect(rendered).toBe('<b>Order</b> &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rendered).not.toContain('<script>');
  });

  it('escapes only the values, never the template itself', () => {
    expect(renderTemplate('<i>{a}</i> & {a}', { a: 'x&y' }, html)).toBe('<i>x&amp;y</i> & x&amp;y');
  });

  it('does not read braces inside a value as placeholders', () => {
    expect(renderTemplate('{a} and {b}', { a: '{b}', b: '{order_id}' }, plain)).toBe('{b} and {order_id}');
    expect(renderTemplate('You typed {text}', { text: '{order_id}', order_id: '48213' }, plain)).toBe('You typed {order_id}');
  });

  it('leaves placeholders without a variable as they are', () => {
    expect(renderTemplate('Hello {name}, order {order_id}', { order_id: '1' }, plain)).toBe('Hello {name}, order 1');
  });

  it('does not take inherited properties for variables', () => {
    expect(renderTemplate('{constructor} {toString} {__proto__}', {}, plain)).toBe('{constructor} {toString} {__proto__}');
  });

  it('leaves text that only looks like a placeholder alone', () => {
    expect(renderTemplate('{ order_id } {order-id} {} {{order_id}}', { order_id: '1' }, plain)).toBe('{ order_id } {order-id} {} {1}');
  });

  it('ignores names that are not slot names: capitals, a leading digit', () => {
    expect(renderTemplate('{Order} {1x} {a}', { Order: 'O', '1x': 'X', a: 'A' })).toBe('{Order} {1x} A');
  });

  it('works with Chinese text around placeholders', () => {
    expect(renderTemplate('订单{order_id}已取消。', { order_id: '48213' }, plain)).toBe('订单48213已取消。');
  });
});

describe('templatePlaceholders', () => {
  it('lists the placeholder names in order, each once', () => {
    expect(templatePlaceholders('{b} {a} {b} {_choices} { x }')).toEqual(['b', 'a', '_choices']);
  });
});
