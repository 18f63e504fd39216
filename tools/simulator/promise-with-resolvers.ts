/**
 * `aws-local-stepfunctions` 3.x calls `Promise.withResolvers`, which Node 20 lacks (it arrived in Node 22).
 *
 * `installPromiseWithResolvers()` adds a spec-equivalent polyfill when the runtime has none; it is a no-op
 * on Node >= 22. The test setup file calls it, and `runStateMachine` calls it too so the simulation also
 * works from plain scripts (`tsx`).
 */

interface PromiseWithResolversResult<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

type PromiseConstructorWithResolvers = PromiseConstructor & {
  withResolvers?: <T>() => PromiseWithResolversResult<T>;
};

/** Installs `Promise.withResolvers` if missing. Returns true when the polyfill was installed by this call. */
export function installPromiseWithResolvers(): boolean {
  const promiseConstructor = Promise as PromiseConstructorWithResolvers;
  if (typeof promiseConstructor.withResolvers === "function") {
    return false;
  }
  promiseConstructor.withResolvers = function withResolvers<T>(): PromiseWithResolversResult<T> {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
  return true;
}
