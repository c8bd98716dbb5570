/**
 * What a case cost and what it bought: Scenario's side (the emulator's job list, read through the public
 * `GET /jobs` contract) against the plugin's side (its job rows and the articles' media field).
 *
 * An emulator job is matched to an article by the Scenario job id the plugin stored, or else by the prompt and seed
 * the plugin stored on its job row (what the plugin itself would use to find a submission whose answer it lost).
 * A file on an article counts as "from" a Scenario job only through the plugin's rows: `fileId` with the
 * `chosenAssetId` of that job's outputs and its `scenarioJobId`.
 */
import type { ScenarioEmulator } from '../../emulator';
import type { ArticleState } from './protocol';

export interface EmulatorJob {
  jobId: string;
  jobType?: string;
  status: string;
  createdAt: string;
  prompt?: string;
  seed?: number;
  assetIds: string[];
}

export type Ending = 'image' | 'placeholder' | 'other file' | 'nothing';

export interface ArticleOutcome {
  documentId: string;
  ending: Ending;
  /** Only refusals (a 400 refusal, a moderation failure, a cancel) may end in the placeholder. */
  refusal: boolean;
  /** The draft shows the same file as the live version (the plugin attaches to both). */
  draftSame: boolean;
  ok: boolean;
  jobs: number;
  lastState: string;
  lastReason: string;
}

export interface CaseAccounting {
  /** Generations created and billed (not failed or canceled: those are refunded). Still running ones count. */
  paid: number;
  /** Of those, how many have one of their outputs attached to an article (live version) at the end. */
  attached: number;
  paidNeverAttached: number;
  /** Scenario jobs beyond the first for one article's one illustration. */
  duplicates: number;
  /** Scenario jobs created that no article could be matched to (counted as paid and never attached). */
  unmatched: number;
  refunded: number;
  articles: ArticleOutcome[];
  badEndings: number;
  /** When the emulator cannot list its jobs, the count comes from its stats and these are estimates. */
  note?: string;
}

const REFUNDED = new Set(['failure', 'canceled']);

async function api(emulator: ScenarioEmulator, pathAndQuery: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.apiUrl}${pathAndQuery}`, {
    headers: { authorization: `Basic ${Buffer.from(`${emulator.apiKey}:${emulator.apiSecret}`).toString('base64')}` },
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

function toEmulatorJob(raw: Record<string, unknown>): EmulatorJob {
  const metadata = (raw.metadata ?? {}) as { input?: Record<string, unknown>; assetIds?: string[] };
  return {
    jobId: String(raw.jobId),
    jobType: typeof raw.jobType === 'string' ? raw.jobType : undefined,
    status: String(raw.status),
    createdAt: String(raw.createdAt),
    prompt: typeof metadata.input?.prompt === 'string' ? metadata.input.prompt : undefined,
    seed: typeof metadata.input?.seed === 'number' ? metadata.input.seed : undefined,
    assetIds: Array.isArray(metadata.assetIds) ? metadata.assetIds : [],
  };
}

/**
 * The generation jobs the emulator created since `sinceMs`, newest first, through `GET /jobs` (paginated).
 * Undefined when the emulator does not list jobs.
 */
export async function emulatorJobsSince(emulator: ScenarioEmulator, sinceMs: number): Promise<EmulatorJob[] | undefined> {
  const found: EmulatorJob[] = [];
  let token: string | undefined;
  for (let page = 0; page < 50; page++) {
    const { status, body } = await api(emulator, `/jobs?pageSize=100${token ? `&paginationToken=${encodeURIComponent(token)}` : ''}`);
    if (status !== 200 || !body || typeof body !== 'object' || !Array.isArray((body as { jobs?: unknown }).jobs)) return page === 0 ? undefined : found;
    const jobs = ((body as { jobs: Array<Record<string, unknown>> }).jobs).map(toEmulatorJob);
    let older = false;
    for (const job of jobs) {
      if (new Date(job.createdAt).getTime() < sinceMs) older = true;
      else if (job.jobType !== 'caption') found.push(job);
    }
    token = (body as { nextPaginationToken?: string }).nextPaginationToken;
    if (older || !token) break;
  }
  return found;
}

async function emulatorJob(emulator: ScenarioEmulator, jobId: string): Promise<EmulatorJob | undefined> {
  const { status, body } = await api(emulator, `/jobs/${encodeURIComponent(jobId)}`);
  return status === 200 ? toEmulatorJob((body as { job: Record<string, unknown> }).job) : undefined;
}

const str = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
const num = (value: unknown) => (typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : undefined);

/** How an article ended, from its live version's cover and the plugin's rows. */
function endingOf(article: ArticleState): { ending: Ending; fromScenarioJob?: string } {
  const cover = article.publishedCoverId;
  if (cover === null) return { ending: 'nothing' };
  for (const row of article.jobs) {
    if (num(row.fileId) === cover && !row.usePlaceholder && str(row.chosenAssetId) && str(row.scenarioJobId)) {
      return { ending: 'image', fromScenarioJob: str(row.scenarioJobId) };
    }
  }
  for (const row of article.jobs) {
    if (num(row.placeholderFileId) === cover || (num(row.fileId) === cover && row.usePlaceholder)) return { ending: 'placeholder' };
  }
  return { ending: 'other file' };
}

export async function account(
  emulator: ScenarioEmulator,
  sinceMs: number,
  jobsCreatedBefore: number,
  articles: ArticleState[],
  isRefusal: (index: number) => boolean,
): Promise<CaseAccounting> {
  let note: string | undefined;
  let listed = await emulatorJobsSince(emulator, sinceMs);
  if (!listed) {
    // No GET /jobs: the jobs the plugin knows of, and a count of the others from the emulator's stats.
    const ids = [...new Set(articles.flatMap((article) => article.jobs.map((row) => str(row.scenarioJobId)).filter(Boolean) as string[]))];
    listed = (await Promise.all(ids.map((id) => emulatorJob(emulator, id)))).filter((job): job is EmulatorJob => Boolean(job));
    const unknown = emulator.stats.jobsCreated - jobsCreatedBefore - listed.length;
    for (let i = 0; i < unknown; i++) listed.push({ jobId: `(unlisted ${i + 1})`, status: 'unknown', createdAt: '', assetIds: [] });
    if (unknown > 0) note = `the emulator has no GET /jobs: ${unknown} job(s) the plugin never stored are counted as paid and never attached`;
  }

  // Match each Scenario job to an article.
  const articleOfJob = new Map<string, number>();
  articles.forEach((article, index) => {
    for (const row of article.jobs) {
      const id = str(row.scenarioJobId);
      if (id) articleOfJob.set(id, index);
    }
  });
  for (const job of listed) {
    if (articleOfJob.has(job.jobId) || job.prompt === undefined) continue;
    const index = articles.findIndex((article) =>
      article.jobs.some((row) => str(row.prompt) === job.prompt && (num(row.seed) === undefined || num(row.seed) === job.seed)),
    );
    if (index >= 0) articleOfJob.set(job.jobId, index);
  }

  const endings = articles.map(endingOf);
  let paid = 0;
  let attached = 0;
  let refunded = 0;
  let unmatched = 0;
  const jobsPerArticle = articles.map(() => 0);
  for (const job of listed) {
    const index = articleOfJob.get(job.jobId);
    if (index === undefined) unmatched++;
    else jobsPerArticle[index]++;
    if (REFUNDED.has(job.status)) {
      refunded++;
      continue;
    }
    paid++;
    if (index !== undefined && endings[index].fromScenarioJob === job.jobId) {
      const row = articles[index].jobs.find((r) => str(r.scenarioJobId) === job.jobId && num(r.fileId) === articles[index].publishedCoverId);
      if (row && (job.assetIds.length === 0 || job.assetIds.includes(String(row.chosenAssetId)))) attached++;
    }
  }

  const outcomes: ArticleOutcome[] = articles.map((article, index) => {
    const refusal = isRefusal(index);
    const { ending } = endings[index];
    const last = article.jobs[article.jobs.length - 1] ?? {};
    const draftSame = article.draftCoverId === article.publishedCoverId;
    return {
      documentId: article.documentId,
      ending,
      refusal,
      draftSame,
      ok: draftSame && (ending === 'image' || (refusal && ending === 'placeholder')),
      jobs: jobsPerArticle[index],
      lastState: String(last.state ?? '-'),
      lastReason: String(last.reason ?? last.lastError ?? ''),
    };
  });
  return {
    paid,
    attached,
    paidNeverAttached: paid - attached,
    duplicates: jobsPerArticle.reduce((sum, count) => sum + Math.max(0, count - 1), 0),
    unmatched,
    refunded,
    articles: outcomes,
    badEndings: outcomes.filter((outcome) => !outcome.ok).length,
    note,
  };
}
