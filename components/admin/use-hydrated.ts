'use client';
/**
 * False in the server HTML, true once React runs in the browser. Submit buttons stay disabled until
 * then, so a form can never be submitted natively (which would put its fields, passwords included,
 * in a URL) before its handler is attached.
 */
import { useSyncExternalStore } from 'react';

const noop = () => () => undefined;

export function useHydrated(): boolean {
  return useSyncExternalStore(noop, () => true, () => false);
}
