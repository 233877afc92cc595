// Loading and acting on career's routes while keeping what career said when it refused: the
// app's useQuery/useAction turn failures into the API's problem codes, which would lose career's
// `reason` (the sentence the user reads) and its quota. State stays in the component.
import { useCallback, useEffect, useRef, useState } from "react";

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  reload: () => Promise<void>;
  set: (data: T) => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(async () => {
    try {
      setData(await loadRef.current());
      setError(undefined);
    } catch (failure) {
      setError(failure);
    }
  }, []);
  useEffect(() => {
    void reload();
    // The caller's deps decide when to load again.
  }, deps);
  return { data, error, reload, set: setData };
}

export interface Task {
  /** Runs `work`; a failure is kept in `error` and run resolves undefined. */
  run: <R>(work: () => Promise<R>) => Promise<R | undefined>;
  pending: boolean;
  error: unknown;
  clear: () => void;
}

export function useTask(): Task {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(async <R>(work: () => Promise<R>) => {
    setPending(true);
    setError(undefined);
    try {
      return await work();
    } catch (failure) {
      setError(failure);
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  const clear = useCallback(() => {
    setError(undefined);
  }, []);
  return { run, pending, error, clear };
}
