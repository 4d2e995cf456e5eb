import type { DesktopBridge } from '../../shared/rpc/bridge';
import type { RpcResult } from '../../shared/rpc/envelope';
import { MAX_UPLOAD_CHUNK_BYTES } from '../../shared/rpc/audience-methods';
import type { Transport, UploadedFile } from './transport';

/** The desktop window sends a file in chunks through the same invoke channel as every call. */
async function uploadInChunks(bridge: DesktopBridge, file: Blob, fileName: string): Promise<RpcResult<UploadedFile>> {
  const begun = await bridge.invoke('uploads/begin', { fileName });
  if (!begun.ok) return begun;
  const { uploadId } = begun.value as { uploadId: string };
  for (let offset = 0; offset < file.size; offset += MAX_UPLOAD_CHUNK_BYTES) {
    const chunk = new Uint8Array(await file.slice(offset, offset + MAX_UPLOAD_CHUNK_BYTES).arrayBuffer());
    const appended = await bridge.invoke('uploads/append', { uploadId, offset, chunk });
    if (!appended.ok) {
      await bridge.invoke('uploads/discard', { uploadId });
      return appended;
    }
  }
  return (await bridge.invoke('uploads/finish', { uploadId })) as RpcResult<UploadedFile>;
}

export function createIpcTransport(bridge: DesktopBridge): Transport {
  return {
    kind: 'ipc',
    invoke: (method, input, jobId) => bridge.invoke(method, input, jobId),
    subscribe: (listener) => bridge.on(listener),
    upload: (file, fileName) => uploadInChunks(bridge, file, fileName),
  };
}
