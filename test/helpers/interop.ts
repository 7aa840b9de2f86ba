// The interop scenarios, written once for any two W3C-shaped implementations: each suite in
// test/interop/ runs them with nodertc on one side and another implementation on the other.
import { ChannelEnd, closeAndCheck, exchange, openChannel } from './channels';
import { payload } from './data';
import { connectPair, Peer, PeerPool } from './pairs';

export interface Implementation {
  name: string;
  create(): Peer | Promise<Peer>;
}

export interface ScenarioSet {
  /** 256 KiB messages both ways (both sides advertise at least that max-message-size). */
  largeMessages?: boolean;
  /** A second channel opened on a connected peer, without renegotiation. */
  lateChannel?: boolean;
  /** A channel closed from either side is seen closed on the other. */
  closeBothWays?: boolean;
}

const SMALL = ['hello', 'ünïcødé ✓', 'x'.repeat(1000)];
const smallBinary = (): Buffer[] => [payload(1), payload(1024), payload(16 * 1024)];

/**
 * Defines the scenarios as jest tests between `ours` and `theirs`; call inside a describe().
 * Every peer a test creates is closed after it, pass or fail.
 */
export function interopScenarios(ours: Implementation, theirs: Implementation, set: ScenarioSet = {}): void {
  const pool = new PeerPool();
  afterEach(() => pool.closeAll());

  /** A connected pair with one open channel 'chat' created by the offerer. */
  async function connected(offerer: Implementation, answerer: Implementation) {
    const a = pool.add(await offerer.create());
    const b = pool.add(await answerer.create());
    return connectPair(a, b);
  }

  async function bothWays(x: ChannelEnd, y: ChannelEnd, make: () => unknown[]): Promise<void> {
    await exchange(x, y, make());
    await exchange(y, x, make());
  }

  test(`${theirs.name} offers, ${ours.name} answers: strings and binary both ways`, async () => {
    const { x, y } = await connected(theirs, ours);
    await bothWays(x, y, () => SMALL);
    await bothWays(x, y, smallBinary);
  });

  test(`${ours.name} offers, ${theirs.name} answers: strings and binary both ways`, async () => {
    const { x, y } = await connected(ours, theirs);
    await bothWays(x, y, () => SMALL);
    await bothWays(x, y, smallBinary);
  });

  if (set.largeMessages) {
    test(`256 KiB messages both ways (${ours.name} offers)`, async () => {
      const { x, y } = await connected(ours, theirs);
      await bothWays(x, y, () => [payload(256 * 1024), payload(256 * 1024)]);
    });
  }

  if (set.lateChannel) {
    test(`a channel from ${theirs.name} on a connected peer opens without renegotiation`, async () => {
      const { a, b } = await connected(ours, theirs);
      const [x, y] = await openChannel(b, a, 'late', { init: { protocol: 'late-proto' } });
      expect([x.channel.protocol, y.channel.protocol]).toEqual(['late-proto', 'late-proto']);
      await bothWays(x, y, () => ['late', payload(100)]);
    });

    test(`a channel from ${ours.name} on a connected peer opens without renegotiation`, async () => {
      const { a, b } = await connected(theirs, ours);
      const [x, y] = await openChannel(b, a, 'late');
      await bothWays(x, y, () => ['late', payload(100)]);
    });
  }

  if (set.closeBothWays) {
    test(`a channel closed by ${ours.name} is seen closed by ${theirs.name}`, async () => {
      const { x, y } = await connected(ours, theirs);
      await closeAndCheck(x, y);
    });

    test(`a channel closed by ${theirs.name} is seen closed by ${ours.name}`, async () => {
      const { x, y } = await connected(ours, theirs);
      await closeAndCheck(y, x);
    });
  }
}
