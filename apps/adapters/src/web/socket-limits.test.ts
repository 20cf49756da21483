import { describe, expect, it } from 'vitest';
import { ConnectionsPerAddress } from './socket-limits';

describe('ConnectionsPerAddress', () => {
  it('allows each address its limit of open sockets, and one more once one closes', () => {
    const connections = new ConnectionsPerAddress(2);
    expect([connections.take('a'), connections.take('a'), connections.take('a')]).toEqual([true, true, false]);
    expect(connections.take('b')).toBe(true);
    connections.release('a');
    expect(connections.take('a')).toBe(true);
  });
});
