// W3C WebRTC "chain an asynchronous operation": createOffer, createAnswer, setLocalDescription,
// setRemoteDescription and addIceCandidate run one at a time, in call order.

export class OperationsChain {
  #length = 0;
  #tail: Promise<unknown> = Promise.resolve();
  readonly #onEmpty: () => void;

  /** `onEmpty` runs each time the last queued operation settles. */
  constructor(onEmpty: () => void) {
    this.#onEmpty = onEmpty;
  }

  get length(): number {
    return this.#length;
  }

  run<T>(operation: () => T | Promise<T>): Promise<T> {
    this.#length++;
    const result = this.#tail.then(operation);
    const settled = (): void => {
      if (--this.#length === 0) this.#onEmpty();
    };
    this.#tail = result.then(settled, settled);
    return result;
  }
}
