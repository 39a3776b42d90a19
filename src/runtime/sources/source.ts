/** What every event source implements: start (resolves once capture runs), stop, and counters. */
import type { RuntimeEvent } from '../event.js';

export type EventSink = (ev: RuntimeEvent) => void;

export interface SourceStats {
  events: number;
  /** Events the source knows it dropped (bpftrace lost_events, unparseable input lines). */
  lost: number;
  lines: number;
  notes: string[];
}

export interface EventSource {
  readonly name: string;
  readonly stats: SourceStats;
  start(sink: EventSink): Promise<void>;
  stop(): Promise<void>;
}
