/**
 * Redis keys are bytes. These helpers keep the bytes (a Buffer) as the identity of a key and derive
 * what is shown from them, so a key with invalid UTF-8, control characters or markup displays as
 * plain text and still round-trips exactly.
 */

/** Text for showing a key: UTF-8 when the bytes are valid UTF-8, with controls and bad bytes escaped. */
export function displayKey(key: Buffer): string {
  const text = key.toString('utf8');
  const valid = Buffer.byteLength(text, 'utf8') === key.length && !text.includes('\uFFFD');
  if (valid) return escapeControls(text);
  // Invalid UTF-8: show printable ASCII as is and every other byte as \xNN.
  let out = '';
  for (const byte of key) {
    out += byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\\]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\\':
        return '\\\\';
      default:
        return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    }
  });
}

/** A stable, exact, printable id for a key (tree ids, message payloads). */
export function keyToken(key: Buffer): string {
  return key.toString('base64');
}

export function keyFromToken(token: string): Buffer {
  return Buffer.from(token, 'base64');
}

/** True when a pattern has glob characters, i.e. needs SCAN MATCH rather than an exact lookup. */
export function hasGlob(pattern: string): boolean {
  return /(?<!\\)[*?[]/.test(pattern);
}

/** Escapes glob characters so `prefix` matches literally in SCAN MATCH (byte-preserving: latin1). */
export function escapeGlob(prefix: Buffer): Buffer {
  const out: number[] = [];
  for (const byte of prefix) {
    if (byte === 0x2a || byte === 0x3f || byte === 0x5b || byte === 0x5d || byte === 0x5c) out.push(0x5c);
    out.push(byte);
  }
  return Buffer.from(out);
}
