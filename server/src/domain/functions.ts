/** Small function helpers the pure domain shares. */

/** The run's value, or the fallback's if it throws. */
export function attempt<T>(run: () => T, fallback: () => T): T {
  try {
    return run();
  } catch {
    return fallback();
  }
}

export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** The items listed twice or more (once may be chance: two names side by side, a clause). */
export function repeated(items: Iterable<string>): Set<string> {
  const [once, twice] = [new Set<string>(), new Set<string>()];
  for (const item of items) (once.has(item) ? twice : once).add(item);
  return twice;
}

/** Caches recent words' answers (articles repeat words): two generations bound memory, yet keep the words in use. */
export function memoised<T>(fn: (word: string) => T, capacity: number): (word: string) => T {
  let [newer, older] = [new Map<string, T>(), new Map<string, T>()];
  return (word) => {
    let found = newer.get(word);
    if (found !== undefined) return found;
    found = older.get(word) ?? fn(word);
    if (newer.size >= capacity) [older, newer] = [newer, new Map()];
    newer.set(word, found);
    return found;
  };
}
