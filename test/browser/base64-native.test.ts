// The platform's base64 decoders (Chromium's Uint8Array.fromBase64 and setFromBase64, into a job's
// reused buffer) against the widget's own portable decoder: the same bytes and the same errors.
import { expect } from '@open-wc/testing';
import { decodeBase64, decodeBase64Portable } from '../../src/labels/base64.ts';
import { ScratchMemory } from '../../src/labels/scratch-memory.ts';
import { randomBytes } from '../fixtures/random-bytes.ts';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function outcome(decode: () => Uint8Array): { bytes: number[] } | { error: string } {
  try {
    return { bytes: [...decode()] };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('base64 with the platform decoder', () => {
  it('is what this browser has (else the test below would compare the portable decoder with itself)', () => {
    expect(typeof (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64).to.equal('function');
    expect(typeof (Uint8Array.prototype as unknown as { setFromBase64?: unknown }).setFromBase64).to.equal('function');
  });

  it('gives the bytes and errors of the portable decoder, fresh and into one reused scratch', () => {
    const valid = [0, 1, 2, 3, 4, 5, 299, 1000, 30_000, 7].map((length) => toBase64(randomBytes(length, length + 3)));
    const broken = ['TW Fu\nTQ\r\n==', ' TWFu', 'TWFu\t', 'TWFuTW*u', 'TWFu-_Fu', 'TWFuTWĀu', 'TWE', 'TQ==TWFu', 'T===', '====', 'TR==', 'TWF=', 'TWFu=', '=TWF'];
    const rand = randomBytes(300, 99);
    const mutated = Array.from({ length: 60 }, (_, i) => {
      const text = valid[7]!;
      const at = (rand[i]! * 4) % text.length;
      return text.slice(0, at) + ' *=\n-ĀQ\f'[rand[i + 60]! % 8] + text.slice(at + (rand[i + 120]! % 2));
    });
    const scratch = new ScratchMemory();
    for (const text of [...valid, ...broken, ...mutated]) {
      const portable = outcome(() => decodeBase64Portable(text));
      expect(outcome(() => decodeBase64(text)), JSON.stringify(text.slice(0, 40))).to.deep.equal(portable);
      expect(outcome(() => decodeBase64(text, scratch)), JSON.stringify(text.slice(0, 40))).to.deep.equal(portable);
    }
  });
});
