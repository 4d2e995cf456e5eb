import { HttpWorkerTransport } from '../../engine/providers/http-transport';
import { HTTP_WORKER } from './temp-dir';

/**
 * Run as its own process by http-transport.test.ts: a request is out when the transport closes,
 * and nothing else keeps the process alive. It must print both lines before it exits.
 */
const transport = new HttpWorkerTransport(HTTP_WORKER, () => Promise.reject(new Error('the fallback was used')));
const out = transport.request(new URL(process.argv[2]!), { method: 'GET' });
await new Promise((resolve) => setTimeout(resolve, 50));
await transport.close();
console.log(`answer: ${(await out).text}`);
console.log('closed');
