/** A key on a connection's database: what features pass around to open, edit or act on a key. */
export interface KeyRef {
  connectionId: string;
  db: number;
  /** The exact key bytes. */
  key: Buffer;
}
