// Two hooks every page uses with its feature's api module: useQuery loads (and reloads) data,
// useAction runs a change and keeps its pending state and problem. State stays in the component.
import { useCallback, useEffect, useRef, useState } from "react";
import { asProblem } from "./problems.ts";
import type { Problem } from "./problems.ts";

export interface Query<T> {
  data: T | undefined;
  problem: Problem | undefined;
  loading: boolean;
  reload: () => Promise<void>;
  /** Replaces the data (after a change answered with the new state). */
  set: (data: T) => void;
}

export function useQuery<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Query<T> {
  const [data, setData] = useState<T>();
  const [problem, setProblem] = useState<Problem>();
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await loadRef.current());
      setProblem(undefined);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    // The caller's deps decide when to load again.
  }, deps);

  return { data, problem, loading, reload, set: setData };
}

export interface Action<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>;
  pending: boolean;
  problem: Problem | undefined;
  setProblem: (problem: Problem | undefined) => void;
}

/** Runs `act`; a failure becomes `problem` (and run resolves undefined) instead of a rejection. */
export function useAction<A extends unknown[], R>(act: (...args: A) => Promise<R>): Action<A, R> {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const actRef = useRef(act);
  actRef.current = act;

  const run = useCallback(async (...args: A) => {
    setPending(true);
    setProblem(undefined);
    try {
      return await actRef.current(...args);
    } catch (error) {
      setProblem(asProblem(error));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);

  return { run, pending, problem, setProblem };
}
