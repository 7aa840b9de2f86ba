// Connected peer pairs for the scenarios, and a pool that closes every peer a test made.
import { ChannelEnd, ChannelPeer, openChannel } from './channels';
import { ConnectOptions, PeerLink, SignalingPeer, connectPeers, waitForConnected } from './signaling';

export type Peer = SignalingPeer & ChannelPeer & { close(): unknown };

/** Peers to close after a test (or suite), pass or fail. */
export class PeerPool {
  private readonly peers: Array<{ close(): unknown }> = [];

  add<P extends { close(): unknown }>(peer: P): P {
    this.peers.push(peer);
    return peer;
  }

  async closeAll(): Promise<void> {
    const peers = this.peers.splice(0);
    await Promise.all(
      peers.map((peer) =>
        Promise.resolve()
          .then(() => peer.close())
          .catch(() => undefined),
      ),
    );
  }
}

export interface ConnectedPair<A extends Peer, B extends Peer> {
  a: A;
  b: B;
  link: PeerLink;
  /** The first channel ('chat' unless named): x at `a`, y at `b`. */
  x: ChannelEnd;
  y: ChannelEnd;
}

/**
 * Opens a channel on `a`, negotiates with `a` offering, and resolves once both peers are
 * connected and the channel is open at both ends.
 */
export async function connectPair<A extends Peer, B extends Peer>(
  a: A,
  b: B,
  { label = 'chat', init = {}, ...options }: ConnectOptions & { label?: string; init?: Record<string, unknown> } = {},
): Promise<ConnectedPair<A, B>> {
  let link: PeerLink | undefined;
  const [x, y] = await openChannel(a, b, label, {
    init,
    connect: async () => {
      link = await connectPeers(a, b, options);
    },
  });
  await Promise.all([waitForConnected(a), waitForConnected(b)]);
  // Every candidate one side produced, the other must have taken.
  if (link?.errors.length) throw new Error(`signaling failed:\n${link.errors.map((e) => e.message).join('\n')}`);
  return { a, b, link: link as PeerLink, x, y };
}
