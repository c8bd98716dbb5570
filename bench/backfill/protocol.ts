/** What the backfill bench asks its Strapi instances (bench/backfill/instance.ts) over IPC. */
export type BackfillRequest =
  /** Published entries made while the content type takes no part (no job): the archive a backfill finds. */
  | { op: 'seed'; uid: string; count: number; label: string }
  /** One article published while it takes part; answers when publishing returned, in the instance's clock. */
  | { op: 'publish'; label: string }
  | { op: 'jobs'; documentIds: string[] }
  | { op: 'outcome'; uid: string; imageField: string }
  | { op: 'settings'; patch: Record<string, unknown> }
  | { op: 'admin'; email: string; password: string }
  | { op: 'budget' }
  | { op: 'slots' }
  | { op: 'memory' }
  /** Stops the worker and the backfill pump (before the claim timing). */
  | { op: 'stop-work' }
  | { op: 'claims'; queued: number; samples: number };

export interface Outcome {
  generations: number;
  duplicateGenerations: number;
  jobStates: Record<string, number>;
  reasons: Record<string, number>;
  published: number;
  withImage: number;
}

export interface JobTiming {
  id: number;
  targetDocumentId: string;
  state: string;
  submittedAt: string | null;
  scenarioJobId: string | null;
  createdAt: string;
}

export interface ClaimTiming {
  queued: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}
