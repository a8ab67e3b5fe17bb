// Many runs' writes in one PostgreSQL statement (the worker's group commit): new steps
// (fenced: only runs this node owns; a consumed signal marked in the same statement) and
// run endings (fenced the same way). The statement is atomic, and no write in it can fail
// alone: a duplicate step is reported, not raised, so one run never aborts another's write.

export type BatchWrite =
  | { kind: 'step'; owner: string; runId: string; seq: number; stepKind: string; name: string; output: string | null; createdAt: number; signal: number | null }
  | { kind: 'finish'; owner: string; runId: string; status: string; result: string | null; error: string | null; at: number };

/** step: ok / lease lost / already recorded; finish: changed or not */
export type WriteOutcome = { ok: true; changed?: boolean } | { lost: true } | { duplicate: true } | { error: string };

export const BATCH_SQL = `
WITH v AS (SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
             AS t(run_id, seq, kind, name, output, created_at, signal)),
     f AS (SELECT * FROM unnest($9::text[], $10::text[], $11::text[], $12::text[], $13::bigint[]) AS t(id, status, result, error, at)),
     ok AS (SELECT id FROM wf_runs WHERE id IN (SELECT run_id FROM v) AND owner = $8 FOR SHARE),
     ins AS (INSERT INTO wf_steps (run_id, seq, kind, name, output, created_at)
             SELECT run_id, seq, kind, name, output, created_at FROM v WHERE run_id IN (SELECT id FROM ok)
             ON CONFLICT DO NOTHING RETURNING run_id, seq),
     con AS (UPDATE wf_inbox i SET consumed_seq = v.seq FROM v
             WHERE v.signal IS NOT NULL AND i.id = v.signal AND i.consumed_seq IS NULL
               AND EXISTS (SELECT 1 FROM ins WHERE ins.run_id = v.run_id AND ins.seq = v.seq) RETURNING 1),
     fin AS (UPDATE wf_runs r SET status = f.status, result = f.result, error = f.error, finished_at = f.at, updated_at = f.at
             FROM f WHERE r.id = f.id AND r.status IN ('running', 'blocked') AND r.owner = $8 RETURNING r.id)
SELECT (SELECT coalesce(array_agg(id), '{}') FROM ok) AS owned,
       (SELECT coalesce(array_agg(run_id || ' ' || seq), '{}') FROM ins) AS inserted,
       (SELECT coalesce(array_agg(id), '{}') FROM fin) AS finished,
       (SELECT count(*) FROM con) AS consumed`;

/** One owner per batch: a node's writes all carry its own id. */
export function batchParams(ws: BatchWrite[]): unknown[] {
  const steps = ws.filter((w) => w.kind === 'step') as Extract<BatchWrite, { kind: 'step' }>[];
  const fins = ws.filter((w) => w.kind === 'finish') as Extract<BatchWrite, { kind: 'finish' }>[];
  return [
    steps.map((s) => s.runId), steps.map((s) => s.seq), steps.map((s) => s.stepKind), steps.map((s) => s.name),
    steps.map((s) => s.output), steps.map((s) => s.createdAt), steps.map((s) => s.signal),
    ws[0]?.owner ?? '',
    fins.map((f) => f.runId), fins.map((f) => f.status), fins.map((f) => f.result), fins.map((f) => f.error), fins.map((f) => f.at),
  ];
}

export function batchOutcomes(ws: BatchWrite[], row: Record<string, unknown>): WriteOutcome[] {
  const owned = new Set(row.owned as string[]);
  const inserted = new Set(row.inserted as string[]);
  const finished = new Set(row.finished as string[]);
  return ws.map((w): WriteOutcome => {
    if (w.kind === 'finish') return { ok: true, changed: finished.has(w.runId) };
    if (!owned.has(w.runId)) return { lost: true };
    return inserted.has(`${w.runId} ${w.seq}`) ? { ok: true } : { duplicate: true };
  });
}
