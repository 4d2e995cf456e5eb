import { expect, test } from 'vitest';
import { WriteLock } from './write-lock';

test('holders run one at a time, in order, and a failed one does not stop the next', async () => {
  const lock = new WriteLock();
  const order: string[] = [];
  const slow = lock.run(async () => {
    order.push('slow starts');
    await new Promise((resolve) => setTimeout(resolve, 20));
    order.push('slow ends');
  });
  const failing = lock.run(async () => {
    order.push('failing');
    throw new Error('nope');
  });
  const last = lock.run(async () => order.push('last'));
  await slow;
  await expect(failing).rejects.toThrow('nope');
  await last;
  expect(order).toEqual(['slow starts', 'slow ends', 'failing', 'last']);
});

test('each holder starts on a new turn of the event loop: what came in meanwhile (a request) is served between holders', async () => {
  const lock = new WriteLock();
  const order: string[] = [];
  const first = lock.run(async () => {
    order.push('first');
    setImmediate(() => order.push('request served'));
  });
  const second = lock.run(async () => order.push('second'));
  await Promise.all([first, second]);
  expect(order).toEqual(['first', 'request served', 'second']);
});
