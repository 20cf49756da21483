import { describe, expect, it } from 'vitest';
import { withNumberedButtons } from './button-list';

describe('buttons written out for a channel without buttons', () => {
  it('numbers them from 1 under the text, in order, a link with its address', () => {
    const text = withNumberedButtons('Order 48213 is on its way.', [
      { type: 'link', label: 'Track parcel', url: 'https://track.example/JD0148213' },
      { type: 'reply', label: 'Talk to a person', text: 'talk to a human' },
    ]);
    expect(text).toBe('Order 48213 is on its way.\n\n1. Track parcel: https://track.example/JD0148213\n2. Talk to a person');
  });

  it('leaves a reply without buttons as it is', () => {
    expect(withNumberedButtons('Hello!', [])).toBe('Hello!');
  });
});
