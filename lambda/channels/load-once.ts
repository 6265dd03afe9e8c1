/**
 * What a container loads once, at its first need (a file behind `import()`, a client built with
 * it): every call shares one load, and a load that failed is forgotten, so the next call tries
 * again instead of the container keeping the failure for its life. (A module that loaded but
 * threw while running stays failed: Node keeps its error; a missing file or a throwing builder
 * is tried again.)
 */
export function loadOnce<T>(load: () => T | Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= Promise.resolve()
      .then(load)
      .catch((error: unknown) => {
        loaded = undefined;
        throw error;
      }));
}
