// Event handler attributes (HTML semantics), typed on/off/once, and the aggregate states.
import { defineEventHandlers, RTCEventTarget, type EventHandler } from '../../lib/events';
import { connectionState, iceConnectionState, iceGatheringState } from '../../lib/states';

class Target extends RTCEventTarget<{ ping: Event }> {
  declare onping: EventHandler<Target, Event>;
}
defineEventHandlers(Target.prototype, ['ping']);

describe('event handler attributes', () => {
  test('set, replace (same place in the order), clear', () => {
    const target = new Target();
    const calls: string[] = [];
    target.onping = () => calls.push('first');
    target.addEventListener('ping', () => calls.push('listener'));
    target.onping = () => calls.push('second');
    target.dispatchEvent(new Event('ping'));
    expect(calls).toEqual(['second', 'listener']);
    target.onping = null;
    expect(target.onping).toBeNull();
    target.dispatchEvent(new Event('ping'));
    expect(calls).toEqual(['second', 'listener', 'listener']);
  });

  test('the handler gets the event with this = target; non-functions read back as null', () => {
    const target = new Target();
    let self: unknown;
    target.onping = function (this: Target, event: Event) {
      self = this;
      expect(event.type).toBe('ping');
    };
    target.dispatchEvent(new Event('ping'));
    expect(self).toBe(target);
    target.onping = 42 as never;
    expect(target.onping).toBeNull();
  });

  test('on / once / off', () => {
    const target = new Target();
    const calls: string[] = [];
    const listener = (): number => calls.push('on');
    target.on('ping', listener).once('ping', () => calls.push('once'));
    target.dispatchEvent(new Event('ping'));
    target.off('ping', listener);
    target.dispatchEvent(new Event('ping'));
    expect(calls).toEqual(['on', 'once']);
  });
});

describe('aggregate states', () => {
  test('RTCIceGatheringState', () => {
    expect(iceGatheringState([])).toBe('new');
    expect(iceGatheringState(['new'])).toBe('new');
    expect(iceGatheringState(['gathering'])).toBe('gathering');
    expect(iceGatheringState(['complete'])).toBe('complete');
  });

  test('RTCIceConnectionState', () => {
    expect(iceConnectionState(true, ['connected'])).toBe('closed');
    expect(iceConnectionState(false, [])).toBe('new');
    expect(iceConnectionState(false, ['checking'])).toBe('checking');
    expect(iceConnectionState(false, ['connected'])).toBe('connected');
    expect(iceConnectionState(false, ['completed'])).toBe('completed');
    expect(iceConnectionState(false, ['disconnected'])).toBe('disconnected');
    expect(iceConnectionState(false, ['failed'])).toBe('failed');
  });

  test('RTCPeerConnectionState', () => {
    expect(connectionState(false, [], [])).toBe('new');
    expect(connectionState(false, ['new'], ['new'])).toBe('new');
    expect(connectionState(false, ['checking'], ['new'])).toBe('connecting');
    expect(connectionState(false, ['connected'], ['connecting'])).toBe('connecting');
    expect(connectionState(false, ['connected'], ['connected'])).toBe('connected');
    expect(connectionState(false, ['connected'], ['failed'])).toBe('failed');
    expect(connectionState(false, ['disconnected'], ['connected'])).toBe('disconnected');
    expect(connectionState(false, ['completed'], ['closed'])).toBe('connected');
    expect(connectionState(true, ['connected'], ['connected'])).toBe('closed');
  });
});
