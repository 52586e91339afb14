// One typed request/response layer for every message channel between two sides (the log worker and its proxy,
// the log panel's webview and the extension host). A method table declares each method once: its parameters
// (name and check, in call order), its result type and the progress it may report. From it come the typed API
// (`Api<T>`), the caller (`RpcClient`: ids, pending calls, errors, cancellation, failure of the channel) and the
// callee (`RpcServer`: checks every request, answers, reports progress, honours cancellation).
//
// On the wire a request is `{type: <method>, id, ...params}`; the callee answers `{type: 'response', id, result}`
// or `{type: 'response', id, error}`, may send `{type: 'progress', id, progress}` before, and stops on
// `{type: 'cancel', id}`. Any other message type is the channel's own business (init, change notifications).
import { Check, fail, integer, Invalid, isRecord } from './checks';

export type Param = readonly [name: string, check: Check<unknown>];

/** A method: its parameters at run time; its result and progress types for the compiler only. */
export interface Method<P extends readonly Param[], R, G> {
  readonly params: P;
  readonly result?: R;
  readonly progress?: G;
}

/** `method<Result, Progress>()(['name', check], ...)`: the result and progress types given, the parameters inferred. */
export function method<R, G = never>() {
  return <const P extends readonly Param[]>(...params: P): Method<P, R, G> => ({ params });
}

// Any table: its methods may have any parameter, result and progress types.
export type MethodTable = Record<string, Method<readonly Param[], any, any>>;

type Checked<C> = C extends Check<infer T> ? T : never;
export type ArgsOf<M> = M extends Method<infer P, unknown, unknown> ? { -readonly [I in keyof P]: Checked<P[I][1]> } : never;
export type ParamsOf<M> = M extends Method<infer P, unknown, unknown> ? { [E in P[number] as E[0]]: Checked<E[1]> } : never;
export type ResultOf<M> = M extends Method<readonly Param[], infer R, unknown> ? R : never;
export type ProgressOf<M> = M extends Method<readonly Param[], unknown, infer G> ? G : never;

export interface CallOptions<G> {
  /** Aborting cancels the call: the callee is told, the promise rejects with RpcCancelled. */
  signal?: AbortSignal;
  onProgress?(progress: G): void;
}

/** The methods of a table as functions: positional arguments in the table's order, then the call options. */
export type Api<T extends MethodTable> = {
  [K in keyof T]: (...args: [...ArgsOf<T[K]>, CallOptions<ProgressOf<T[K]>>?]) => Promise<ResultOf<T[K]>>;
};

export type RpcReply = { type: 'response'; id: number; result?: unknown; error?: string } | { type: 'progress'; id: number; progress: unknown };

/** A request as checked: its method, id and parameters rebuilt from the checks (nothing else kept). */
export type RpcRequest = { type: string; id: number } & Record<string, unknown>;

export class RpcCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** A table's method names and parameters checked against it (the callee's first step, and the panel's). */
export function checkRequest(table: MethodTable, message: Record<string, unknown>): RpcRequest {
  const type = message.type as string;
  const id = checkId(message.id, 'id');
  const request: RpcRequest = { type, id };
  for (const [name, check] of table[type].params) request[name] = check(message[name], name);
  return request;
}

export const checkId = integer(0, Number.MAX_SAFE_INTEGER);

export function isMethod(table: MethodTable, type: unknown): type is string {
  return typeof type === 'string' && Object.hasOwn(table, type);
}

/** The error text of a message type that is not known. */
export function unknownType(type: unknown): never {
  return fail('type', `unknown message type ${JSON.stringify(String(type)).slice(0, 60)}`);
}

/** The methods of `target` named in the table, each looked up when called. */
export function methodsOf<T extends MethodTable>(table: T, target: Api<T>): Api<T> {
  const api: Record<string, unknown> = {};
  for (const name of Object.keys(table)) api[name] = (...args: unknown[]) => (target[name] as (...a: unknown[]) => unknown)(...args);
  return api as Api<T>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?(progress: unknown): void;
  done(): void;
}

export class RpcClient<T extends MethodTable> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;

  constructor(
    private readonly table: T,
    private readonly post: (message: RpcRequest | { type: 'cancel'; id: number }) => void,
  ) {}

  request<K extends keyof T & string>(method: K, params: ParamsOf<T[K]>, options: CallOptions<ProgressOf<T[K]>> = {}): Promise<ResultOf<T[K]>> {
    return this.send(method, params as Record<string, unknown>, options as CallOptions<unknown>) as Promise<ResultOf<T[K]>>;
  }

  /** The table's methods with positional arguments, each a request. */
  api(): Api<T> {
    const api: Record<string, unknown> = {};
    for (const [name, m] of Object.entries(this.table)) {
      api[name] = (...args: unknown[]) => {
        const params = Object.fromEntries(m.params.map(([param], i) => [param, args[i]]));
        return this.send(name, params, (args[m.params.length] ?? {}) as CallOptions<unknown>);
      };
    }
    return api as Api<T>;
  }

  /** Sends a message of `type` with a fresh id and waits for its response (also for a channel's own requests). */
  send(type: string, params: Record<string, unknown>, options: CallOptions<unknown> = {}): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const { signal, onProgress } = options;
    if (signal?.aborted) return Promise.reject(new RpcCancelled());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const abort = () => {
        if (!this.pending.delete(id)) return;
        this.post({ type: 'cancel', id });
        reject(new RpcCancelled());
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.pending.set(id, { resolve, reject, onProgress, done: () => signal?.removeEventListener('abort', abort) });
      this.post({ ...params, type, id });
    });
  }

  /** Takes a response or progress report; false for any other message (the channel's own). */
  receive(message: unknown): boolean {
    if (!isRecord(message) || (message.type !== 'response' && message.type !== 'progress')) return false;
    const reply = message as RpcReply;
    const pending = this.pending.get(reply.id);
    if (!pending) return true;
    if (reply.type === 'progress') {
      pending.onProgress?.(reply.progress);
      return true;
    }
    this.pending.delete(reply.id);
    pending.done();
    if (reply.error !== undefined) pending.reject(new Error(reply.error));
    else pending.resolve(reply.result);
    return true;
  }

  /** The channel is gone: every pending and later call fails with `error`. */
  fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.values()) {
      p.done();
      p.reject(this.failure);
    }
    this.pending.clear();
  }

  get failed(): Error | undefined {
    return this.failure;
  }
}

export interface RpcServerOptions {
  /** A call that failed (its error is sent back too). */
  failed?(method: string, error: string): void;
}

export class RpcServer<T extends MethodTable> {
  private readonly running = new Map<number, AbortController>();

  constructor(
    private readonly table: T,
    private readonly impl: Api<T>,
    private readonly post: (reply: RpcReply) => void,
    private readonly options: RpcServerOptions = {},
  ) {}

  isMethod(type: unknown): type is string {
    return isMethod(this.table, type);
  }

  /**
   * Handles a channel message: a cancel, or a request (checked, run, answered). False for other message types.
   * A request that fails its checks is answered with the reason when its id can be read.
   */
  async receive(message: unknown): Promise<boolean> {
    if (!isRecord(message)) return false;
    if (message.type === 'cancel') {
      if (Number.isSafeInteger(message.id)) this.cancel(message.id as number);
      return true;
    }
    if (!this.isMethod(message.type)) return false;
    let request: RpcRequest;
    try {
      request = checkRequest(this.table, message);
    } catch (err) {
      if (!(err instanceof Invalid)) throw err;
      if (Number.isSafeInteger(message.id)) this.post({ type: 'response', id: message.id as number, error: err.message });
      return true;
    }
    await this.run(request);
    return true;
  }

  /** Runs a checked request and answers it. */
  async run(request: RpcRequest): Promise<void> {
    const { type, id } = request;
    const controller = new AbortController();
    this.running.set(id, controller);
    const args: unknown[] = this.table[type].params.map(([name]) => request[name]);
    const options: CallOptions<unknown> = {
      signal: controller.signal,
      onProgress: (progress) => {
        if (!controller.signal.aborted) this.post({ type: 'progress', id, progress });
      },
    };
    try {
      const result = await (this.impl[type] as (...a: unknown[]) => Promise<unknown>)(...args, options);
      if (!controller.signal.aborted) this.post({ type: 'response', id, result });
    } catch (err) {
      if (controller.signal.aborted) return;
      const error = (err as Error)?.message ?? String(err);
      this.options.failed?.(type, error);
      this.post({ type: 'response', id, error });
    } finally {
      this.running.delete(id);
    }
  }

  cancel(id: number): void {
    this.running.get(id)?.abort();
  }

  /** Stops every running call (the channel is closing). */
  dispose(): void {
    for (const c of this.running.values()) c.abort();
    this.running.clear();
  }
}
