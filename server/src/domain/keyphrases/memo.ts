/**
 * A word function's answers for the words seen lately: a server reads article after article, and words repeat.
 * Two generations bound the memory: when the newer holds `capacity` words it becomes the older and the one before
 * it is dropped, so the words in use stay memoised (clearing everything at once would stem them all again).
 */
export function memoised(fn: (word: string) => string, capacity: number): (word: string) => string {
  let newer = new Map<string, string>();
  let older = new Map<string, string>();
  return (word) => {
    let found = newer.get(word);
    if (found !== undefined) return found;
    found = older.get(word) ?? fn(word);
    if (newer.size >= capacity) [older, newer] = [newer, new Map()];
    newer.set(word, found);
    return found;
  };
}
