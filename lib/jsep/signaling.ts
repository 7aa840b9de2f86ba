// The signaling state machine of RFC 8829 §3.2 and W3C WebRTC §4.3.1, with the four description
// slots that W3C WebRTC "set the session description" fills, and rollback (RFC 8829
// §4.1.10.2).

export type RTCSignalingState =
  'stable' | 'have-local-offer' | 'have-remote-offer' | 'have-local-pranswer' | 'have-remote-pranswer' | 'closed';

export type DescriptionSource = 'local' | 'remote';
export type DescriptionType = 'offer' | 'pranswer' | 'answer';

/** A description applied to the connection, with the model it was written from or read into. */
export interface Description<Model> {
  type: DescriptionType;
  sdp: string;
  model: Model;
  /** Lines learned after it was set (trickled candidates, end-of-candidates), by section index. */
  additions: Map<number, string[]>;
}

type Transition = `${DescriptionSource}:${DescriptionType}`;

// RFC 8829 §3.2 (the state diagram), as the W3C spec's table of valid description types.
const TRANSITIONS: Record<RTCSignalingState, Partial<Record<Transition, RTCSignalingState>>> = {
  stable: { 'local:offer': 'have-local-offer', 'remote:offer': 'have-remote-offer' },
  'have-local-offer': {
    'local:offer': 'have-local-offer',
    'remote:pranswer': 'have-remote-pranswer',
    'remote:answer': 'stable',
  },
  'have-remote-offer': {
    'remote:offer': 'have-remote-offer',
    'local:pranswer': 'have-local-pranswer',
    'local:answer': 'stable',
  },
  'have-local-pranswer': { 'local:pranswer': 'have-local-pranswer', 'local:answer': 'stable' },
  'have-remote-pranswer': { 'remote:pranswer': 'have-remote-pranswer', 'remote:answer': 'stable' },
  closed: {},
};

/** The state after applying a description, or null when the type is invalid in `state`. */
export function nextSignalingState(
  state: RTCSignalingState,
  source: DescriptionSource,
  type: DescriptionType,
): RTCSignalingState | null {
  return TRANSITIONS[state][`${source}:${type}`] ?? null;
}

export class SignalingMachine<Local, Remote> {
  state: RTCSignalingState = 'stable';
  pendingLocal: Description<Local> | null = null;
  currentLocal: Description<Local> | null = null;
  pendingRemote: Description<Remote> | null = null;
  currentRemote: Description<Remote> | null = null;

  get local(): Description<Local> | null {
    return this.pendingLocal ?? this.currentLocal;
  }

  get remote(): Description<Remote> | null {
    return this.pendingRemote ?? this.currentRemote;
  }

  canApply(source: DescriptionSource, type: DescriptionType): boolean {
    return nextSignalingState(this.state, source, type) !== null;
  }

  /** A rollback is valid only while an offer is pending (W3C WebRTC "set the session description"). */
  canRollback(): boolean {
    return this.state === 'have-local-offer' || this.state === 'have-remote-offer';
  }

  applyLocal(description: Description<Local>): void {
    const next = this.next('local', description.type);
    if (description.type === 'answer') {
      this.currentLocal = description;
      this.currentRemote = this.pendingRemote;
      this.pendingLocal = null;
      this.pendingRemote = null;
    } else {
      this.pendingLocal = description;
    }
    this.state = next;
  }

  applyRemote(description: Description<Remote>): void {
    const next = this.next('remote', description.type);
    if (description.type === 'answer') {
      this.currentRemote = description;
      this.currentLocal = this.pendingLocal;
      this.pendingLocal = null;
      this.pendingRemote = null;
    } else {
      this.pendingRemote = description;
    }
    this.state = next;
  }

  rollback(): void {
    if (!this.canRollback()) throw new Error(`rollback in signaling state ${this.state}`);
    this.pendingLocal = null;
    this.pendingRemote = null;
    this.state = 'stable';
  }

  close(): void {
    this.state = 'closed';
  }

  private next(source: DescriptionSource, type: DescriptionType): RTCSignalingState {
    const next = nextSignalingState(this.state, source, type);
    // Callers check canApply first and raise the W3C error; reaching here is a bug.
    if (next === null) throw new Error(`${source} ${type} in signaling state ${this.state}`);
    return next;
  }
}
