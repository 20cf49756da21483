import { describe, expect, it } from 'vitest';
import { chosenButtonText } from './button-choice';

const buttons = [
  { type: 'link', label: 'Track parcel', url: 'https://example.com/track' },
  { type: 'reply', label: 'Talk to a person', text: 'talk to a human' },
  { type: 'reply', label: 'Cancel this order' },
];

describe('typing the number of a button', () => {
  it("sends that button's text, as a click would, however the number is written", () => {
    for (const typed of ['2', ' 2 ', '2.', '2)', '２', '２。']) expect(chosenButtonText(typed, buttons)).toBe('talk to a human');
    expect(chosenButtonText('3', buttons)).toBe('Cancel this order');
  });

  it('is nothing for a link button, a number out of range, other text, or a reply without buttons', () => {
    expect(chosenButtonText('1', buttons)).toBeNull();
    expect(chosenButtonText('4', buttons)).toBeNull();
    expect(chosenButtonText('0', buttons)).toBeNull();
    expect(chosenButtonText('48213', buttons)).toBeNull();
    expect(chosenButtonText('option 2', buttons)).toBeNull();
    expect(chosenButtonText('2', null)).toBeNull();
    expect(chosenButtonText('2', [{ type: 'bogus' }])).toBeNull();
  });
});
