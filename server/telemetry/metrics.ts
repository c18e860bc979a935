import { metrics, ValueType, type Attributes, type Counter, type Histogram, type Meter } from '@opentelemetry/api';
import { ATTR, METRIC } from './attributes.ts';
import { SCOPE } from './tracing.ts';

/** Seconds, from half a millisecond (a commit on an idle machine) to ten (a stuck one). */
const SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Counts: ops in a batch, entries in a group commit. */
const COUNT_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000];

export type EditVia = 'ops' | 'socket' | 'restore';

/** The server's instruments (see `instruments`). */
export interface Instruments {
  opBatchCommitDuration: Histogram;
  opBatchSize: Histogram;
  groupCommitDuration: Histogram;
  groupCommitSize: Histogram;
  editBroadcastDuration: Histogram;
  deliveries: Counter;
  refusals: Counter;
  auditEvents: Counter;
  retentionDeletions: Counter;
}

function createInstruments(meter: Meter): Instruments {
  const seconds = (name: string, description: string) =>
    meter.createHistogram(name, { description, unit: 's', valueType: ValueType.DOUBLE, advice: { explicitBucketBoundaries: SECONDS_BUCKETS } });
  const counts = (name: string, description: string, unit: string) =>
    meter.createHistogram(name, { description, unit, valueType: ValueType.INT, advice: { explicitBucketBoundaries: COUNT_BUCKETS } });
  const counter = (name: string, description: string, unit: string) => meter.createCounter(name, { description, unit, valueType: ValueType.INT });
  return {
    opBatchCommitDuration: seconds(METRIC.opBatchCommitDuration, 'From an op batch handed to storage to it being durable'),
    opBatchSize: counts(METRIC.opBatchSize, 'Ops in an op batch that changed the document', '{op}'),
    groupCommitDuration: seconds(METRIC.groupCommitDuration, 'One transaction of the update log (every change queued in one turn)'),
    groupCommitSize: counts(METRIC.groupCommitSize, 'Log entries stored in one transaction of the update log', '{entry}'),
    editBroadcastDuration: seconds(METRIC.editBroadcastDuration, 'From an edit reaching the server to it being handed to the broadcast (durably stored by then)'),
    deliveries: counter(METRIC.deliveries, 'Edits handed to viewer sockets (one edit to n sockets counts n)', '{delivery}'),
    refusals: counter(METRIC.refusals, 'Refused sockets and tokens, by reason', '{refusal}'),
    auditEvents: counter(METRIC.auditEvents, 'Audit events appended to an org chain, by action', '{event}'),
    retentionDeletions: counter(METRIC.retentionDeletions, 'Artifacts and versions the retention sweeper deleted', '{deletion}'),
  };
}

let current: Instruments | undefined;

/**
 * The instruments, made on first use. The metrics API has no proxy (unlike the trace API): a
 * meter taken before the SDK is registered stays a no-op one. main.ts registers the SDK
 * before the server starts, and nothing records before that, so first use is late enough.
 */
export function instruments(): Instruments {
  return (current ??= createInstruments(metrics.getMeter(SCOPE)));
}

/** Constant attribute sets, made once: the hot paths add to counters without allocating. */
const VIA: Readonly<Record<EditVia, Attributes>> = {
  ops: { [ATTR.editVia]: 'ops' },
  socket: { [ATTR.editVia]: 'socket' },
  restore: { [ATTR.editVia]: 'restore' },
};
const RETENTION_TARGET = { artifact: { [ATTR.retentionTarget]: 'artifact' }, version: { [ATTR.retentionTarget]: 'version' } } as const;
const byKey = new Map<string, Attributes>();

/** One attribute set per distinct key (reasons and actions are a short fixed list). */
function cached(key: string, make: () => Attributes): Attributes {
  let attributes = byKey.get(key);
  if (!attributes) byKey.set(key, (attributes = make()));
  return attributes;
}

/**
 * A stored edit was handed to the broadcast: `sockets` deliveries (added once per edit, never
 * per socket) and its latency since `startedAtMs` (performance.now()).
 */
export function recordBroadcast(via: EditVia, sockets: number, startedAtMs: number, nowMs: number): void {
  const m = instruments();
  if (sockets > 0) m.deliveries.add(sockets);
  m.editBroadcastDuration.record((nowMs - startedAtMs) / 1_000, VIA[via]);
}

export function countRefusal(reason: string, via: 'http' | 'socket'): void {
  instruments().refusals.add(1, cached(`refusal\0${reason}\0${via}`, () => ({ [ATTR.refusalReason]: reason, [ATTR.refusalVia]: via })));
}

/** Audit events appended, counted per action. */
export function recordAuditEvents(events: readonly { action: string }[]): void {
  const m = instruments();
  for (const { action } of events) m.auditEvents.add(1, cached(`audit\0${action}`, () => ({ [ATTR.auditAction]: action })));
}

export function recordRetentionDeletions(target: 'artifact' | 'version', count: number): void {
  if (count > 0) instruments().retentionDeletions.add(count, RETENTION_TARGET[target]);
}

/**
 * Gauges read at each collection: open sockets and loaded documents. Returns the function
 * that stops observing (a server that closes must not keep being read).
 */
export function observeCollab(read: { openSockets: () => number; loadedDocuments: () => number }): () => void {
  const meter = metrics.getMeter(SCOPE);
  const sockets = meter.createObservableUpDownCounter(METRIC.openSockets, { description: 'WebSockets open on /collab', unit: '{socket}', valueType: ValueType.INT });
  const documents = meter.createObservableUpDownCounter(METRIC.loadedDocuments, { description: 'Documents loaded in memory', unit: '{document}', valueType: ValueType.INT });
  const observeSockets = (result: { observe(value: number): void }) => result.observe(read.openSockets());
  const observeDocuments = (result: { observe(value: number): void }) => result.observe(read.loadedDocuments());
  sockets.addCallback(observeSockets);
  documents.addCallback(observeDocuments);
  return () => {
    sockets.removeCallback(observeSockets);
    documents.removeCallback(observeDocuments);
  };
}
