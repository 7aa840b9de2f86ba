// The signaling state machine of RFC 8829 §3.2 with its description slots and rollback.
import { nextSignalingState, SignalingMachine, type Description, type DescriptionType } from '../../lib/jsep/signaling';

function description(type: DescriptionType, sdp: string): Description<string> {
  return { type, sdp, model: sdp, additions: new Map() };
}

describe('nextSignalingState', () => {
  test.each([
    ['stable', 'local', 'offer', 'have-local-offer'],
    ['stable', 'remote', 'offer', 'have-remote-offer'],
    ['have-local-offer', 'local', 'offer', 'have-local-offer'],
    ['have-local-offer', 'remote', 'answer', 'stable'],
    ['have-local-offer', 'remote', 'pranswer', 'have-remote-pranswer'],
    ['have-remote-pranswer', 'remote', 'pranswer', 'have-remote-pranswer'],
    ['have-remote-pranswer', 'remote', 'answer', 'stable'],
    ['have-remote-offer', 'remote', 'offer', 'have-remote-offer'],
    ['have-remote-offer', 'local', 'answer', 'stable'],
    ['have-remote-offer', 'local', 'pranswer', 'have-local-pranswer'],
    ['have-local-pranswer', 'local', 'pranswer', 'have-local-pranswer'],
    ['have-local-pranswer', 'local', 'answer', 'stable'],
  ] as const)('%s + %s %s → %s', (state, source, type, next) => {
    expect(nextSignalingState(state, source, type)).toBe(next);
  });

  test.each([
    ['stable', 'local', 'answer'],
    ['stable', 'remote', 'answer'],
    ['stable', 'remote', 'pranswer'],
    ['have-local-offer', 'local', 'answer'],
    ['have-local-offer', 'remote', 'offer'],
    ['have-remote-offer', 'remote', 'answer'],
    ['have-remote-offer', 'local', 'offer'],
    ['have-local-pranswer', 'remote', 'answer'],
    ['have-remote-pranswer', 'local', 'answer'],
    ['closed', 'local', 'offer'],
    ['closed', 'remote', 'offer'],
  ] as const)('%s + %s %s is invalid', (state, source, type) => {
    expect(nextSignalingState(state, source, type)).toBeNull();
  });
});

describe('SignalingMachine', () => {
  test('offerer: pending, then current on the answer', () => {
    const machine = new SignalingMachine<string, string>();
    const offer = description('offer', 'o');
    machine.applyLocal(offer);
    expect(machine.state).toBe('have-local-offer');
    expect(machine.pendingLocal).toBe(offer);
    expect(machine.local).toBe(offer);
    expect(machine.currentLocal).toBeNull();
    const answer = description('answer', 'a');
    machine.applyRemote(answer);
    expect(machine.state).toBe('stable');
    expect(machine.currentLocal).toBe(offer);
    expect(machine.currentRemote).toBe(answer);
    expect(machine.pendingLocal).toBeNull();
    expect(machine.pendingRemote).toBeNull();
  });

  test('answerer with a provisional answer', () => {
    const machine = new SignalingMachine<string, string>();
    const offer = description('offer', 'o');
    machine.applyRemote(offer);
    machine.applyLocal(description('pranswer', 'p'));
    expect(machine.state).toBe('have-local-pranswer');
    expect(machine.pendingLocal?.type).toBe('pranswer');
    const answer = description('answer', 'a');
    machine.applyLocal(answer);
    expect(machine.state).toBe('stable');
    expect(machine.currentRemote).toBe(offer);
    expect(machine.currentLocal).toBe(answer);
  });

  test('rollback restores the last stable descriptions', () => {
    const machine = new SignalingMachine<string, string>();
    machine.applyLocal(description('offer', 'o1'));
    machine.applyRemote(description('answer', 'a1'));
    const stableLocal = machine.currentLocal;
    machine.applyRemote(description('offer', 'o2'));
    expect(machine.canRollback()).toBe(true);
    machine.rollback();
    expect(machine.state).toBe('stable');
    expect(machine.pendingRemote).toBeNull();
    expect(machine.local).toBe(stableLocal);
    machine.applyLocal(description('offer', 'o3'));
    machine.rollback();
    expect(machine.state).toBe('stable');
    expect(machine.pendingLocal).toBeNull();
  });

  test('no rollback in stable or after a provisional answer', () => {
    const machine = new SignalingMachine<string, string>();
    expect(machine.canRollback()).toBe(false);
    expect(() => machine.rollback()).toThrow();
    machine.applyRemote(description('offer', 'o'));
    machine.applyLocal(description('pranswer', 'p'));
    expect(machine.canRollback()).toBe(false);
  });

  test('closed accepts nothing', () => {
    const machine = new SignalingMachine<string, string>();
    machine.close();
    expect(machine.state).toBe('closed');
    expect(machine.canApply('local', 'offer')).toBe(false);
  });
});
