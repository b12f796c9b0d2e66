// cluster-key-slot (ioredis's own dependency) ships no typings.
declare module 'cluster-key-slot' {
  /** The cluster hash slot (0-16383) of a key, honouring {hash tags}. */
  function calculateSlot(key: string | Buffer): number;
  export = calculateSlot;
}
