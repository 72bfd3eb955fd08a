import { useEffect, useState } from 'preact/hooks';

/** A stored setting as `wxt/utils/storage` defines it: read once, then followed. */
interface WatchableSetting<T> {
  getValue(): Promise<T>;
  watch(callback: (value: T) => void): () => void;
}

/**
 * A setting's stored value, sanitised (a damaged value never breaks a page), following changes
 * made elsewhere (another tab, another browser through sync). `initial` until it has been read.
 */
export function useSetting<T, S>(setting: WatchableSetting<T>, sanitize: (value: unknown) => S, initial: S): S {
  const [value, setValue] = useState<S>(initial);
  useEffect(() => {
    void setting.getValue().then((stored) => setValue(sanitize(stored)));
    return setting.watch((stored) => setValue(sanitize(stored)));
  }, []);
  return value;
}
