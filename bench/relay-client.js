// The bench's side of the impairment relay (relay.js): starts it, rewrites candidates to point
// at it, reads its counters, stops it.
'use strict';
const path = require('node:path');
const { fork } = require('node:child_process');
const { candidateFields } = require('./network');
const { withTimeout } = require('./wait');

class Relay {
  /** Starts a relay adding `delayMs` one way and dropping the share `loss` of datagrams. */
  constructor(delayMs, loss) {
    this.child = fork(path.join(__dirname, 'relay.js'), [String(delayMs), String(loss)], { stdio: 'inherit' });
    this.nextId = 1;
    this.waiting = new Map();
    this.child.on('message', (reply) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
    this.rewrite = this.rewrite.bind(this);
  }

  request(command) {
    const id = this.nextId++;
    const reply = new Promise((resolve) => this.waiting.set(id, resolve));
    this.child.send({ ...command, id });
    return withTimeout(reply, 5000, `relay ${command.type}`);
  }

  /** The candidate with its address and port replaced by the relay's socket for them. */
  async rewrite(candidate) {
    const fields = candidateFields(candidate);
    const { port } = await this.request({ type: 'map', address: fields[4], port: Number(fields[5]) });
    fields[5] = String(port);
    return fields.join(' ');
  }

  /** { forwarded, dropped, largest }: datagrams so far, and the largest one's size. */
  stats() {
    return this.request({ type: 'stats' });
  }

  stop() {
    this.child.kill();
  }
}

module.exports = { Relay };
