// Packet evidence in a Result: the capture, the `reset-injected` finding it can prove, and the path.
import type { Result } from '../../vocabulary/types';
import { injectedEvidence } from './ttl';
import type { CaptureEvidence } from '../../vocabulary/capture';

export { startCapture, runningCaptures, type CaptureSession } from './tcpdump';
export { traceTo } from './trace';
export type { CaptureEvidence, PacketRecord, TraceEvidence, TraceHop } from '../../vocabulary/capture';

/** Puts the capture into the result and adds `reset-injected` when the distances disagree. */
export function applyCapture(r: Result, capture: CaptureEvidence | undefined): void {
  if (!capture) return;
  r.capture = capture;
  const ev = injectedEvidence(capture);
  if (!ev) return;
  if (!r.findings.includes(ev.finding)) r.findings.push(ev.finding);
  (r.evidence ??= []).push(ev);
}
