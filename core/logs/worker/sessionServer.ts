// The worker side of a LogSession: runs a LocalLogSession and answers the proxy's requests.
import type { MessagePort } from 'worker_threads';
import { RpcServer } from '../../rpc/rpc';
import { LocalLogSession } from '../logSession';
import { logSessionMethods, UNLIMITED } from '../sessionMethods';
import { DISPOSE, FromWorker, LogWorkerData } from './protocol';

export async function serveSession(port: MessagePort, data: LogWorkerData, scanWorkerScript: string): Promise<void> {
  const send = (message: FromWorker) => port.postMessage(message);
  let session: LocalLogSession;
  try {
    // The panel's Patterns view reads the templates the engine mines (large files: right after opening).
    session = await LocalLogSession.open({ ...data.options, scanWorkerScript, minePatterns: data.options.minePatterns ?? true });
  } catch (err) {
    send({ type: 'failed', message: (err as Error).message });
    return;
  }
  session.onDidChange((change) => send({ type: 'change', change }));
  const server = new RpcServer(logSessionMethods(UNLIMITED), session, (reply) => port.postMessage(reply));
  port.on('message', async (message: { type: string; id: number }) => {
    if (message.type === DISPOSE) {
      server.dispose();
      await session.dispose();
      port.postMessage({ type: 'response', id: message.id, result: null });
      port.close();
      return;
    }
    if (!(await server.receive(message))) {
      port.postMessage({ type: 'response', id: message.id, error: `unknown log session method "${String(message.type)}"` });
    }
  });
  send({ type: 'ready', info: await session.info() });
}
