import { useEffect, useState } from "preact/hooks";
import type { AppState, MatrixStore } from "../store/matrix-store.js";

/** The store's state, re-rendering the component on every change. */
export function useAppState(store: MatrixStore): AppState {
  const [state, setState] = useState(store.getState());
  useEffect(() => {
    setState(store.getState());
    return store.subscribe(() => setState(store.getState()));
  }, [store]);
  return state;
}
