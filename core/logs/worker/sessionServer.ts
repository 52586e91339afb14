// The worker side of a LogSession: runs a LocalLogSession and answers the proxy's calls, in order.
import type { MessagePort } from 'worker_threads';
import { LocalLogSession } from '../logSession';
import type { LogSession } from '../model';
import { FromWorker, LogWorkerData, SESSION_METHODS, ToWorker } from './protocol';

export async function serveSession(port: MessagePort, data: LogWorkerData, scanWorkerScript: string): Promise<void> {
  const send = (message: FromWorker) => port.postMessage(message);
  let session: LocalLogSession;
  try {
    session = await LocalLogSession.open({ ...data.options, scanWorkerScript });
  } catch (err) {
    send({ type: 'failed', message: (err as Error).message });
    return;
  }
  session.onDidChange((change) => send({ type: 'change', change }));
  port.on('message', async (message: ToWorker) => {
    if (message.type === 'dispose') {
      await session.dispose();
      send({ type: 'result', id: message.id, value: null });
      port.close();
      return;
    }
    if (!SESSION_METHODS.includes(message.method)) {
      send({ type: 'error', id: message.id, message: `unknown log session method "${String(message.method)}"` });
      return;
    }
    try {
      const method = session[message.method] as (...args: unknown[]) => Promise<unknown>;
      const value = await method.apply(session as LogSession, message.args);
      send({ type: 'result', id: message.id, value });
    } catch (err) {
      send({ type: 'error', id: message.id, message: (err as Error).message });
    }
  });
  send({ type: 'ready', info: await session.info() });
}
