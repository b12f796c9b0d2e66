/** Errors from value readers and writers; each message says what happened to which key. */

/** A value changed between reading it and writing it: the write was not applied. */
export class StaleValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaleValueError';
  }
}

/** A value a user typed (a score, hex bytes, JSON) that cannot be what Redis needs. */
export class ValueInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueInputError';
  }
}
