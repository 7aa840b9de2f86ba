// Reads the SDP fixtures of test/fixtures.
import { readFileSync } from 'fs';
import { join } from 'path';

export function fixture(name: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
}
