// Reads the server's cleartext TLS handshake messages off the raw wire (TLS 1.2 and earlier send them unencrypted)
// to learn what Node does not tell: whether the server sent a CertificateRequest. Bounded, and it stops at the
// first record that is not a handshake record (ChangeCipherSpec, alert, application data: encryption from there).

const RECORD_HANDSHAKE = 22;
const MSG_CERTIFICATE_REQUEST = 13;
/** Enough for a ServerHello + a long certificate chain; beyond it the scan gives up. */
const MAX_SCAN_BYTES = 64 * 1024;

export class HandshakeScan {
  certificateRequested = false;
  private pending = Buffer.alloc(0);
  private messages = Buffer.alloc(0);
  private seen = 0;
  private done = false;

  onData(chunk: Buffer): void {
    if (this.done) return;
    this.seen += chunk.length;
    if (this.seen > MAX_SCAN_BYTES) {
      this.done = true;
      return;
    }
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 5 && !this.done) {
      const type = this.pending[0];
      const length = this.pending.readUInt16BE(3);
      if (type !== RECORD_HANDSHAKE || this.pending[1] !== 3) {
        this.done = true;
        break;
      }
      if (this.pending.length < 5 + length) break;
      this.messages = Buffer.concat([this.messages, this.pending.subarray(5, 5 + length)]);
      this.pending = this.pending.subarray(5 + length);
      this.readMessages();
    }
  }

  private readMessages(): void {
    while (this.messages.length >= 4) {
      const type = this.messages[0];
      const length = this.messages.readUIntBE(1, 3);
      if (type === MSG_CERTIFICATE_REQUEST) this.certificateRequested = true;
      if (this.messages.length < 4 + length) return;
      this.messages = this.messages.subarray(4 + length);
    }
  }

  reset(): void {
    this.certificateRequested = false;
    this.pending = Buffer.alloc(0);
    this.messages = Buffer.alloc(0);
    this.seen = 0;
    this.done = false;
  }
}
