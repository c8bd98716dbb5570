import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { ContentTypeSettings } from '../config/schema';
import { BUDGET_REACHED } from '../domain/budget';
import { ACTIVE_STATES } from '../domain/job-states';
import { DETECTED_LANGUAGES, type BackfillDetail, type BackfillList, type BackfillQuote, type BackfillSelection, type BackfillState, type BackfillView, type BudgetStatus, type Estimate } from '../shared/contracts';
import { failureLog } from '../utils/failure-log';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';
import type { BackfillRequest } from '../validation';
import type { IllustrationTarget } from './jobs';

const BACKFILL_UID = `plugin::${PLUGIN_ID}.backfill` as const;

/** Articles read per query, whether counting or queuing. */
const PAGE_SIZE = 200;
/** Jobs of one backfill waiting or at work at once: enough to keep every instance busy, few enough to pause at once. */
const WINDOW = 40;
/** Pages one pump may read to fill its window (a selection that matches few articles is scanned a bit at a time). */
const PAGES_PER_PUMP = 10;
/** The rate is measured over the last minutes. */
const RATE_WINDOW_MS = 5 * 60 * 1000;

/** Starts like every reason the budget gives (the admin tells such reasons apart by it). */
const BUDGET_PAUSE_REASON = `${BUDGET_REACHED}: the credit budget has less left than one article costs. Resume when there is budget again.`;
export const CANCELLED_REASON = 'The backfill was cancelled before this article’s turn.';

interface BackfillRow {
  id: number;
  contentType: string;
  locales: string[] | null;
  selection: BackfillSelection;
  publishedFrom: string | null;
  publishedTo: string | null;
  state: BackfillState;
  pausedReason: string | null;
  matched: number;
  queued: number;
  /** The id of the last article row looked at: the next page starts after it. */
  cursor: number;
  creditsPerArticle: number | string | null;
  lockVersion: number;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
}

type ArticleRow = { id: number; documentId: string; locale?: string | null } & Record<string, unknown>;

/** Backfills listed, newest first; read in batches, up to a bound, when only some are shown to the user. */
const LISTED = 20;
const LIST_BATCH = 50;
const LIST_SCAN_MAX = 1_000;

/**
 * Archive backfill: illustrating existing articles of one content type with the job queue publishes use. A backfill is
 * a row every instance sees; each instance's pump keeps a small window of its jobs queued, reading articles in pages
 * after a cursor (never all at once, only their ids and image), so a pause holds at most that window and a restart
 * carries on from the cursor. Its jobs have a lower priority than publishes.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(BACKFILL_UID);
  const jobs = () => getService(strapi, 'jobs');
  const settings = () => getService(strapi, 'settings');
  let timer: NodeJS.Timeout | undefined;
  let pumping: Promise<void> | undefined;

  const schemaOf = (uid: string) => getService(strapi, 'articles').schemaOf(uid);
  const isLocalized = (uid: string) => getService(strapi, 'articles').isLocalized(uid);

  async function siteLocales(): Promise<Array<{ code: string; name: string }>> {
    const i18n = strapi.plugin('i18n')?.service('locales') as { find(): Promise<Array<{ code: string; name: string }>> } | undefined;
    return ((await i18n?.find()) ?? []).map(({ code, name }) => ({ code, name }));
  }

  /**
   * The text helpers of the costliest locale the request selects. A type without i18n is priced as another language
   * than English (its articles' languages are read from their text, as they are illustrated): a quote is never under.
   */
  function helperCredits(estimate: Estimate, request: BackfillRequest): number {
    const rows = estimate.helpers?.locales ?? [];
    const helpers = isLocalized(request.contentType)
      ? rows.filter((row) => row.locale !== DETECTED_LANGUAGES && (!request.locales || request.locales.includes(row.locale)))
      : rows.filter((row) => row.locale === DETECTED_LANGUAGES);
    return Math.max(0, ...helpers.map((row) => row.credits));
  }

  /** An article's price, with the text helpers of the locales selected (the most of them: no article costs more). */
  function creditsPerArticle(estimate: Estimate, request: BackfillRequest): number | null {
    return estimate.credits === null ? null : Math.round((estimate.credits + helperCredits(estimate, request)) * 100) / 100;
  }

  /**
   * What the matched entries cost: one generation per document where its locales share an image (they are
   * translations; each other locale pays only its text helpers), else one per entry.
   */
  function quotedCredits(estimate: Estimate, request: BackfillRequest, contentType: ContentTypeSettings, count: { matched: number; documents: number }): number | null {
    const perArticle = creditsPerArticle(estimate, request);
    if (perArticle === null) return null;
    const shared = contentType.localesShareImage !== false || getService(strapi, 'articles').isSharedField(request.contentType, contentType.imageField);
    const generated = shared ? count.documents : count.matched;
    return Math.round((perArticle * generated + helperCredits(estimate, request) * (count.matched - generated)) * 100) / 100;
  }

  /** The content type must take part (enabled in the settings) and each locale must be one of the site's: else a 400. */
  async function checkRequest(request: BackfillRequest): Promise<ContentTypeSettings> {
    if (!schemaOf(request.contentType)) throw new errors.ValidationError(`contentType: there is no content type ${request.contentType}`);
    const contentType = settings().contentType(request.contentType);
    if (!contentType) throw new errors.ValidationError(`contentType: ${request.contentType} is not enabled in the auto illustration settings`);
    if (request.locales) {
      if (!isLocalized(request.contentType)) throw new errors.ValidationError(`locales: ${request.contentType} is not localized`);
      const known = new Set((await siteLocales()).map((locale) => locale.code));
      const unknown = request.locales.filter((code) => !known.has(code));
      if (unknown.length) throw new errors.ValidationError(`locales: ${unknown.join(', ')} is not a locale of this site (${[...known].join(', ')})`);
    }
    return contentType;
  }

  type Selection = Pick<BackfillRequest, 'contentType' | 'locales' | 'select' | 'publishedFrom' | 'publishedTo'>;

  const selectionOf = (row: BackfillRow): Selection => ({
    contentType: row.contentType,
    locales: row.locales ?? undefined,
    select: row.selection,
    publishedFrom: row.publishedFrom ? new Date(row.publishedFrom) : undefined,
    publishedTo: row.publishedTo ? new Date(row.publishedTo) : undefined,
  });

  /**
   * One page of the live articles after row `afterId`, in id order, and which of them the selection takes. Only ids,
   * locale and the image field's file id are read. `last` is the page's last row id (null: no rows left).
   */
  async function readPage(
    selection: Selection,
    contentType: ContentTypeSettings,
    afterId: number,
  ): Promise<{ selected: Array<{ rowId: number; target: IllustrationTarget }>; last: number | null }> {
    const uid = selection.contentType;
    const localized = isLocalized(uid);
    const publishedAt: Record<string, unknown> = {
      ...(getService(strapi, 'articles').hasDraftAndPublish(uid) ? { $notNull: true } : {}),
      ...(selection.publishedFrom ? { $gte: selection.publishedFrom } : {}),
      ...(selection.publishedTo ? { $lte: selection.publishedTo } : {}),
    };
    const rows = (await strapi.db.query(uid as never).findMany({
      where: {
        id: { $gt: afterId },
        ...(Object.keys(publishedAt).length ? { publishedAt } : {}),
        ...(localized && selection.locales ? { locale: { $in: selection.locales } } : {}),
      },
      select: ['id', 'documentId', ...(localized ? ['locale'] : [])],
      populate: { [contentType.imageField]: { select: ['id'] } },
      orderBy: { id: 'asc' },
      limit: PAGE_SIZE,
    })) as ArticleRow[];
    if (!rows.length) return { selected: [], last: null };

    const imageOf = (row: ArticleRow) => (row[contentType.imageField] as { id?: number } | null | undefined)?.id ?? null;
    const marks = selection.select === 'all' && contentType.replaceExisting ? new Map() : await getService(strapi, 'media').provenances(rows.map(imageOf).filter((id): id is number => id !== null));
    const isOurPlaceholder = (row: ArticleRow, fileId: number) => {
      const mark = marks.get(fileId);
      return mark?.kind === 'placeholder' && mark.uid === uid && mark.documentId === row.documentId;
    };
    const wanted = (row: ArticleRow) => {
      const fileId = imageOf(row);
      if (selection.select === 'missing') return fileId === null;
      if (selection.select === 'placeholder') return fileId !== null && isOurPlaceholder(row, fileId);
      // 'all': an article's own image is replaced only where the content type says so.
      return contentType.replaceExisting || fileId === null || isOurPlaceholder(row, fileId);
    };
    return {
      selected: rows.filter(wanted).map((row) => ({ rowId: row.id, target: { uid, documentId: row.documentId, locale: localized ? (row.locale ?? null) : null } })),
      last: rows[rows.length - 1].id,
    };
  }

  /** The entries a selection matches, and how many documents they are (an article's locales are entries of one). */
  async function countMatching(selection: Selection, contentType: ContentTypeSettings): Promise<{ matched: number; documents: number }> {
    let matched = 0;
    let cursor = 0;
    const documents = new Set<string>();
    for (;;) {
      const page = await readPage(selection, contentType, cursor);
      if (page.last === null) return { matched, documents: documents.size };
      matched += page.selected.length;
      for (const { target } of page.selected) documents.add(target.documentId);
      cursor = page.last;
    }
  }

  /** Whether articles the backfill selects are left past its cursor (rows it does not select, newer versions say, are not). */
  async function moreSelected(row: BackfillRow, contentType: ContentTypeSettings): Promise<boolean> {
    for (let cursor = row.cursor; ; ) {
      const page = await readPage(selectionOf(row), contentType, cursor);
      if (page.last === null) return false;
      if (page.selected.length) return true;
      cursor = page.last;
    }
  }

  /** The budget's status, and the least left under any cap (null: no cap, or the budget could not be read). */
  async function budget(): Promise<{ status: BudgetStatus | null; left: number | null }> {
    try {
      const status = await getService(strapi, 'budget').status();
      const lefts = [status.month.left, status.day.left].filter((left): left is number => left !== null);
      return { status, left: lefts.length ? Math.min(...lefts) : null };
    } catch (error) {
      strapi.log.warn(`[auto-illustration] backfill: the budget could not be read: ${(error as Error).message}`);
      return { status: null, left: null };
    }
  }

  async function findRow(id: number): Promise<BackfillRow> {
    const row = (await query().findOne({ where: { id } })) as BackfillRow | null;
    if (!row) throw new errors.NotFoundError(`id: there is no backfill ${id}`);
    return row;
  }

  async function view(row: BackfillRow): Promise<BackfillView> {
    const since = new Date(Math.max(Date.now() - RATE_WINDOW_MS, new Date(row.startedAt ?? row.createdAt).getTime()));
    const counts = await jobs().backfillCounts(row.id, since);
    const count = (...states: Array<keyof typeof counts.byState>) => states.reduce((sum, state) => sum + (counts.byState[state] ?? 0), 0);
    const finished = count('done', 'fallback', 'failed', 'skipped');
    const minutes = (Date.now() - since.getTime()) / 60000;
    const ratePerMinute = row.state === 'running' && minutes > 0 ? counts.finishedSince / Math.max(minutes, 1 / 6) : 0;
    const remaining = Math.max(0, row.matched - finished);
    return {
      id: row.id,
      contentType: row.contentType,
      locales: row.locales,
      select: row.selection,
      publishedFrom: row.publishedFrom,
      publishedTo: row.publishedTo,
      state: row.state,
      pausedReason: row.pausedReason,
      matched: row.matched,
      queued: count(...ACTIVE_STATES, 'done', 'fallback', 'failed', 'skipped'),
      waiting: count(...ACTIVE_STATES),
      inFlight: count('generating', 'captioning', 'attaching'),
      done: count('done'),
      placeholder: count('fallback'),
      failed: count('failed'),
      skipped: count('skipped'),
      creditsSpent: counts.creditsSpent,
      creditsPerArticle: row.creditsPerArticle === null ? null : Number(row.creditsPerArticle),
      ratePerMinute: Math.round(ratePerMinute * 10) / 10,
      etaSeconds: row.state === 'running' && ratePerMinute > 0 ? Math.round((remaining / ratePerMinute) * 60) : null,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
    };
  }

  /** A state change only one caller (on any instance) wins: conditioned on the state it leaves. */
  async function transition(id: number, from: BackfillState[], data: Record<string, unknown>): Promise<boolean> {
    const { count } = await query().updateMany({ where: { id, state: { $in: from } }, data });
    return count === 1;
  }

  async function pause(id: number, reason: string | null): Promise<void> {
    if (await transition(id, ['running'], { state: 'paused', pausedReason: reason })) await jobs().holdBackfill(id);
  }

  /**
   * Keeps a running backfill's window of jobs filled: reads the next pages after its cursor and queues the articles it
   * selects. One instance fills it at a time (the row's version is taken like a job claim); the others skip it.
   * Pauses it when the budget has nothing left; marks it done once every article is queued and every job finished.
   */
  async function pumpOne(row: BackfillRow): Promise<void> {
    const contentType = settings().contentType(row.contentType);
    if (!contentType) {
      await pause(row.id, `${row.contentType} no longer takes part in auto illustration.`);
      return;
    }
    const { byState } = await jobs().backfillCounts(row.id, new Date());
    const waiting = ACTIVE_STATES.reduce((sum, state) => sum + (byState[state] ?? 0), 0);
    // Nothing left, or less than one article costs: its articles not queued yet, and its jobs the budget stopped, would
    // only wait for the next period. Without either it is not paused for good: its jobs at work (or waiting for another
    // locale's image, which costs little) finish, then it is done.
    const { left } = await budget();
    if (left !== null && (left <= 0 || left < Number(row.creditsPerArticle ?? 0))) {
      const moreToSend = (await jobs().waitingForBudget(row.id)) > 0 || (await moreSelected(row, contentType));
      if (moreToSend) await pause(row.id, BUDGET_PAUSE_REASON);
      else if (waiting === 0) await transition(row.id, ['running'], { state: 'done', finishedAt: new Date() });
      return;
    }
    if (waiting >= WINDOW) return;

    const { count: took } = await query().updateMany({
      where: { id: row.id, lockVersion: row.lockVersion, state: 'running' },
      data: { lockVersion: row.lockVersion + 1 },
    });
    if (took !== 1) return;

    const targets: IllustrationTarget[] = [];
    let cursor = row.cursor;
    let exhausted = false;
    for (let pages = 0; pages < PAGES_PER_PUMP && targets.length < WINDOW - waiting; pages++) {
      const page = await readPage(selectionOf(row), contentType, cursor);
      if (page.last === null) {
        exhausted = true;
        break;
      }
      // Stop inside the page where the window is full: the cursor moves past the last article taken, no further.
      const room = WINDOW - waiting - targets.length;
      if (page.selected.length > room) {
        const taken = page.selected.slice(0, room);
        targets.push(...taken.map(({ target }) => target));
        cursor = taken[taken.length - 1].rowId;
        break;
      }
      targets.push(...page.selected.map(({ target }) => target));
      cursor = page.last;
    }
    const { deadlineSeconds } = settings().current();
    const created = targets.length ? await jobs().enqueue(targets, { deadlineSeconds, trigger: 'backfill', backfillId: row.id }) : [];
    const finished = exhausted && waiting === 0 && created.length === 0;
    await query().updateMany({
      where: { id: row.id, lockVersion: row.lockVersion + 1 },
      data: {
        cursor,
        queued: row.queued + created.length,
        lockVersion: row.lockVersion + 2,
        ...(finished ? { state: 'done', finishedAt: new Date() } : {}),
      },
    });
    if (!created.length) return;
    // Paused or cancelled while this page was being queued: its new jobs follow the backfill's state.
    const now = (await findRow(row.id)).state;
    if (now === 'paused') await jobs().holdBackfill(row.id);
    else if (now === 'cancelled') await jobs().skipBackfill(row.id, CANCELLED_REASON);
    else getService(strapi, 'worker').wake();
  }

  async function pump(): Promise<void> {
    const running = (await query().findMany({ where: { state: 'running' }, orderBy: { id: 'asc' } })) as BackfillRow[];
    for (const row of running) {
      try {
        await pumpOne(row);
      } catch (error) {
        strapi.log.error(`[auto-illustration] backfill ${row.id}: could not queue articles: ${(error as Error).message}`);
      }
    }
  }

  function pumpNow(): Promise<void> {
    pumping ??= pump().finally(() => (pumping = undefined));
    return pumping;
  }

  /** From the worker's clock: a failure (the database gone a moment) is logged, never thrown out of the timer. */
  const failures = failureLog(strapi);
  function pumpInBackground(): void {
    pumpNow().then(() => failures.worked('look for running backfills'), (error: unknown) => failures.failed('look for running backfills', error));
  }

  return {
    /** A backfill's state (null: gone), for a job about to send its generation. */
    async stateOf(id: number): Promise<BackfillState | null> {
      const row = (await query().findOne({ where: { id }, select: ['state'] })) as Pick<BackfillRow, 'state'> | null;
      return row?.state ?? null;
    },

    /** The backfills at work now (not paused, cancelled or done). */
    async runningIds(): Promise<number[]> {
      return ((await query().findMany({ where: { state: 'running' }, select: ['id'] })) as Array<{ id: number }>).map((row) => row.id);
    },

    /** The locales a request selects, once it is found valid (a 400 otherwise): [null] for a type without i18n. */
    async localesOf(request: BackfillRequest): Promise<Array<string | null>> {
      await checkRequest(request);
      return this.selectedLocales(request);
    },

    /** The locales a backfill selects, as they were asked for (all the site's when none were). */
    async selectedLocales(selection: Pick<BackfillRequest, 'contentType' | 'locales'>): Promise<Array<string | null>> {
      if (!isLocalized(selection.contentType)) return [null];
      return selection.locales ?? (await siteLocales()).map((locale) => locale.code);
    },

    async quote(request: BackfillRequest): Promise<BackfillQuote> {
      const contentType = await checkRequest(request);
      const count = await countMatching(request, contentType);
      const estimate = await getService(strapi, 'illustrations').estimate();
      const { status, left } = await budget();
      return {
        ...count,
        creditsPerArticle: creditsPerArticle(estimate, request),
        quotedCredits: quotedCredits(estimate, request, contentType, count),
        budget: status,
        budgetLeft: left,
        ...(estimate.reason ? { reason: estimate.reason } : {}),
      };
    },

    async start(request: BackfillRequest): Promise<BackfillView> {
      const contentType = await checkRequest(request);
      const { matched } = await countMatching(request, contentType);
      const estimate = await getService(strapi, 'illustrations').estimate();
      const row = (await query().create({
        data: {
          contentType: request.contentType,
          locales: request.locales ?? null,
          selection: request.select,
          publishedFrom: request.publishedFrom ?? null,
          publishedTo: request.publishedTo ?? null,
          state: 'running',
          matched,
          queued: 0,
          cursor: 0,
          creditsPerArticle: creditsPerArticle(estimate, request),
          lockVersion: 0,
          startedAt: new Date(),
        },
      })) as BackfillRow;
      await pumpNow();
      return view(await findRow(row.id));
    },

    /**
     * The latest backfills `shown` lets through (those a user may follow), and the content types the form offers
     * (`offered`: those a user may illustrate), with the site's locales.
     */
    async list(
      shown: (selection: { contentType: string; locales: string[] | null }) => Promise<boolean> = async () => true,
      offered: (uid: string) => boolean = () => true,
    ): Promise<BackfillList> {
      const rows: BackfillRow[] = [];
      for (let offset = 0; rows.length < LISTED && offset < LIST_SCAN_MAX; offset += LIST_BATCH) {
        const batch = (await query().findMany({ orderBy: { id: 'desc' }, limit: LIST_BATCH, offset })) as BackfillRow[];
        for (const row of batch) if (rows.length < LISTED && (await shown(row))) rows.push(row);
        if (batch.length < LIST_BATCH) break;
      }
      const participating = Object.entries(settings().current().contentTypes)
        .filter(([uid]) => settings().contentType(uid) && schemaOf(uid) && offered(uid))
        .map(([uid, contentType]) => ({
          uid,
          displayName: schemaOf(uid)?.info?.displayName ?? uid,
          localized: isLocalized(uid),
          replaceExisting: contentType.replaceExisting,
        }));
      return { results: await Promise.all(rows.map(view)), contentTypes: participating, locales: await siteLocales() };
    },

    async findOne(id: number): Promise<BackfillDetail> {
      const row = await findRow(id);
      const recent = await jobs().forBackfill(id, 20);
      return { ...(await view(row)), jobs: recent.map((job) => getService(strapi, 'illustrations').view(job)) };
    },

    /** Stops queuing; its jobs that have not started wait (held) until it resumes. Pausing a paused one changes nothing. */
    async pause(id: number): Promise<BackfillView> {
      const row = await findRow(id);
      if (row.state !== 'running' && row.state !== 'paused') throw new errors.ValidationError(`id: backfill ${id} is ${row.state} and cannot be paused`);
      await pause(id, null);
      return view(await findRow(id));
    },

    /** Goes on where it stopped: its held jobs are queued again and the window filled. */
    async resume(id: number): Promise<BackfillView> {
      const row = await findRow(id);
      if (row.state !== 'running' && row.state !== 'paused') throw new errors.ValidationError(`id: backfill ${id} is ${row.state} and cannot be resumed`);
      if (await transition(id, ['paused'], { state: 'running', pausedReason: null })) {
        await jobs().releaseHeld(id, settings().current().deadlineSeconds);
        // Its jobs the budget stopped try again now: the budget may have room again (a raised cap).
        await jobs().releaseBudgetWaits({ editor: false, backfillIds: [id] });
        getService(strapi, 'worker').wake();
        await pumpNow();
      }
      return view(await findRow(id));
    },

    /** Ends it: its jobs that have not started are skipped; jobs already at work finish. */
    async cancel(id: number): Promise<BackfillView> {
      const row = await findRow(id);
      if (row.state !== 'running' && row.state !== 'paused') throw new errors.ValidationError(`id: backfill ${id} is ${row.state} and cannot be cancelled`);
      if (await transition(id, ['running', 'paused'], { state: 'cancelled', finishedAt: new Date() })) {
        await jobs().skipBackfill(id, CANCELLED_REASON);
      }
      return view(await findRow(id));
    },

    /** Fills running backfills' windows now (the timer does it every poll interval). */
    pump: pumpNow,

    /** Started with the worker: instances that run no jobs queue none either. */
    startPumping() {
      const config = settings().current();
      if (timer || !config.worker.enabled) return;
      timer = setInterval(pumpInBackground, config.worker.pollIntervalMs);
      timer.unref();
      pumpInBackground();
    },

    async stopPumping() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await pumping;
    },
  };
};

