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

  it('has no cap with a limit of 0 (load tests)', () => {
    const connections = new ConnectionsPerAddress(0);
    expect(Array.from({ length: 100 }, () => connections.take('a')).every(Boolean)).toBe(true);
  });
});
