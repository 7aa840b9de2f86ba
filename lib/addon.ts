// Loads the native addon once and routes its events: the addon calls one dispatch function with
// (handle, code, a, b); each native object's wrapper registers a listener under its handle. The map
// holding the listeners is what keeps an open connection alive when the application drops its
// reference, so wrappers unregister when they close.
import * as fs from 'fs';
import * as path from 'path';
import type { NativeAddon, NativeEvent } from './native';

export type NativeListener = (code: NativeEvent, a: unknown, b: unknown) => void;

const listeners = new Map<number, NativeListener>();
let addon: NativeAddon | null = null;

// The package root holds package.json: one level above lib/ (ts-jest), two above dist/cjs/.
function packageRoot(): string {
  let dir = __dirname;
  for (let depth = 0; depth < 3; depth++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`nodertc: no package.json found above ${__dirname}; is the package installed whole?`);
}

function dispatch(handle: number, code: NativeEvent, a?: unknown, b?: unknown): void {
  const listener = listeners.get(handle);
  if (listener === undefined) return; // the object was closed while this event was in flight
  try {
    listener(code, a, b);
  } catch (error) {
    // Keep delivering the rest of the batch; surface the failure as an uncaught exception.
    process.nextTick(() => {
      throw error;
    });
  }
}

/** The addon, loaded on first use so that pure modules work without a native build. */
export function nativeAddon(): NativeAddon {
  if (addon === null) {
    const root = packageRoot();
    let loaded: NativeAddon;
    try {
      const load = require('node-gyp-build') as (dir: string) => unknown;
      loaded = load(root) as NativeAddon;
    } catch (error) {
      throw new Error(
        `nodertc: the native addon could not be loaded from ${root} (${(error as Error).message}); ` +
          'build it with `npm run build:native` or reinstall the package',
      );
    }
    loaded.setDispatch(dispatch);
    addon = loaded;
  }
  return addon;
}

export function register(handle: number, listener: NativeListener): void {
  listeners.set(handle, listener);
}

export function unregister(handle: number): void {
  listeners.delete(handle);
}

/**
 * A native object's listener registration and its stop, done once: what the ORTC views share.
 * Unregistering is what lets a closed connection be garbage collected.
 */
export class NativeLink {
  readonly #native: { readonly handle: number; stop(): void };
  #stopped = false;

  constructor(native: { readonly handle: number; stop(): void }, listener: NativeListener) {
    this.#native = native;
    register(native.handle, listener);
  }

  /** Unregisters and stops the native object; false when that was done already. */
  stop(): boolean {
    if (this.#stopped) return false;
    this.#stopped = true;
    unregister(this.#native.handle);
    this.#native.stop();
    return true;
  }
}
