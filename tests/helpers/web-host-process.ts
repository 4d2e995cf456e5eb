import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/rpc/methods';
import { REPO_ROOT } from './temp-dir';

export interface RunningWebHost {
  url: string;
  openUrl: string;
  token: string;
  dataFile: string;
  process: ChildProcess;
  /** One engine method over the host's HTTP RPC, with its token, as another client on the machine would call it. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  stop(): Promise<void>;
}

/** Starts `campaign-studio web` as a user would, on a free port, and reads the URL it prints. */
export async function startWebHostProcess(dataDir: string): Promise<RunningWebHost> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'campaign-studio.cjs'), 'web', '--data-dir', dataDir, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`campaign-studio web exited with ${code}: ${stderr}`)));
  });
  const printed = JSON.parse(firstLine) as { url: string; openUrl: string; token: string; dataFile: string };
  return {
    ...printed,
    process: child,
    async call(method, input) {
      const response = await fetch(`${printed.url}/rpc/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${printed.token}` },
        body: JSON.stringify(input),
      });
      const result = (await response.json()) as { ok: true; value: MethodOutput<typeof method> } | { ok: false; error: { message: string } };
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
