import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from './utils/get-service';
import { PLUGIN_ID } from './utils/plugin-id';

/**
 * The plugin's admin permissions, in one place: registered with Strapi's RBAC at bootstrap, required by the admin
 * routes (server side, so hiding a button is never the only protection) and checked by the admin UI.
 */
export const ACTIONS = {
  settingsRead: 'settings.read',
  settingsUpdate: 'settings.update',
  generate: 'generate',
  jobsRead: 'jobs.read',
  backfill: 'backfill',
} as const;

export type PluginAction = (typeof ACTIONS)[keyof typeof ACTIONS];

/** The full action id as Strapi stores it: plugin::auto-illustration.settings.read */
export const actionId = (action: PluginAction) => `plugin::${PLUGIN_ID}.${action}`;

const DESCRIPTIONS: Array<{ uid: PluginAction; displayName: string; subCategory: string }> = [
  { uid: ACTIONS.settingsRead, displayName: 'Read settings', subCategory: 'settings' },
  { uid: ACTIONS.settingsUpdate, displayName: 'Edit settings', subCategory: 'settings' },
  { uid: ACTIONS.generate, displayName: 'Generate, regenerate and choose illustrations', subCategory: 'illustrations' },
  { uid: ACTIONS.jobsRead, displayName: 'See illustration jobs', subCategory: 'illustrations' },
  { uid: ACTIONS.backfill, displayName: 'Illustrate existing articles (backfill, spends credits)', subCategory: 'illustrations' },
];

/** Route policy that lets a request through only when the admin user holds every one of `actions`. */
export const requires = (...actions: PluginAction[]) => [
  { name: 'admin::hasPermissions', config: { actions: actions.map(actionId) } },
];

export async function registerPermissions(strapi: Core.Strapi): Promise<void> {
  await strapi
    .service('admin::permission')
    .actionProvider.registerMany(DESCRIPTIONS.map((action) => ({ section: 'plugins', pluginName: PLUGIN_ID, ...action })));
}

/**
 * What an admin user may do to an entry's illustration, as the content manager decides it for that entry: 'read' its
 * jobs, image and candidates (the content manager's read), or 'change' its image (update, and publish when the image
 * goes to the live entry). The plugin's own actions say what a user may do with the plugin; these say on which entries.
 */
export type EntryAccess = 'read' | 'change';

/** An entry: its type, document and locale (null for a type without i18n). */
export interface Entry {
  uid: string;
  documentId: string;
  locale: string | null;
}

/** Entries a condition may select for the jobs list's query to name them (more: the type's jobs row by row). */
const MAX_LISTED_ENTRIES = 500;

const CONTENT_MANAGER_ACTIONS = { read: ['read'], change: ['update'], changeLive: ['update', 'publish'] } as const;
type ContentManagerAction = 'read' | 'update' | 'publish';

/** The part of the content manager's permission checker the plugin uses. */
interface PermissionChecker {
  can: Record<ContentManagerAction, (entity?: object, field?: string) => boolean>;
  cannot: Record<ContentManagerAction, (entity?: object, field?: string) => boolean>;
  sanitizedQuery: Record<ContentManagerAction, (query: object) => Promise<{ filters?: object }>>;
}

const entryKey = (entry: Pick<Entry, 'documentId' | 'locale'>, localized: boolean) => `${entry.documentId}\u0000${localized ? (entry.locale ?? '') : ''}`;

export function entryAccess(strapi: Core.Strapi, userAbility: unknown) {
  const checkers = new Map<string, PermissionChecker>();
  const checker = (uid: string): PermissionChecker => {
    let found = checkers.get(uid);
    if (!found) {
      found = strapi.plugin('content-manager').service('permission-checker').create({ userAbility, model: uid }) as PermissionChecker;
      checkers.set(uid, found);
    }
    return found;
  };
  const articles = () => getService(strapi, 'articles');
  const settings = () => getService(strapi, 'settings');
  /** A type as editors know it ("Article (api::article.article)"). */
  const displayName = (uid: string) => {
    const name = (strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as { info?: { displayName?: string } } | undefined)?.info?.displayName;
    return name ? `${name} (${uid})` : uid;
  };

  /** The content manager's actions `access` needs on a type: publish too when the image goes to the live entry. */
  const actionsFor = (access: EntryAccess, uid: string): readonly ContentManagerAction[] =>
    access === 'read' ? CONTENT_MANAGER_ACTIONS.read
      : articles().hasDraftAndPublish(uid) && settings().contentType(uid)?.publishMode !== 'review' ? CONTENT_MANAGER_ACTIONS.changeLive
        : CONTENT_MANAGER_ACTIONS.change;

  /** Whether the type allows `access` at all: its actions, and to change, the update of its image field. */
  function typeAllows(access: EntryAccess, uid: string): boolean {
    if (!strapi.contentTypes[uid as keyof typeof strapi.contentTypes]) return false;
    const imageField = access === 'change' ? settings().contentType(uid)?.imageField : undefined;
    return actionsFor(access, uid).every((action) => checker(uid).can[action]()) && (!imageField || checker(uid).can.update(undefined, imageField));
  }

  /** The conditions of the user's permissions on a type (a locale, "is creator"), as a query's filters; none: every entry. */
  async function conditions(access: EntryAccess, uid: string): Promise<Array<{ action: ContentManagerAction; filters: object }>> {
    const found = [];
    for (const action of actionsFor(access, uid)) {
      const { filters } = await checker(uid).sanitizedQuery[action]({});
      if (filters && Object.keys(filters).length) found.push({ action, filters });
    }
    return found;
  }

  /** The entries of one type the user may act on: every one, or those the conditions of their permissions select. */
  async function permittedOfType(access: EntryAccess, uid: string, entries: Entry[]): Promise<(entry: Entry) => boolean> {
    if (!typeAllows(access, uid)) return () => false;
    const key = (entry: Pick<Entry, 'documentId' | 'locale'>) => entryKey(entry, articles().isLocalized(uid));
    const documentIds = [...new Set(entries.map((entry) => entry.documentId))];
    const keysWhere = async (where: object) => {
      const rows = await strapi.db.query(uid as never).findMany({ where: { $and: [where, { documentId: { $in: documentIds } }] }, select: ['documentId', 'locale'] });
      return new Set((rows as Array<Pick<Entry, 'documentId' | 'locale'>>).map(key));
    };
    let existing: Set<string> | undefined;
    const tests: Array<(entry: Entry) => boolean> = [];
    for (const { action, filters } of await conditions(access, uid)) {
      // Read from the entries, as the content manager does; an entry that is gone (its jobs stay) is judged by its
      // locale alone ("is creator" then refuses: there is no creator to compare).
      const [allowed, present] = [await keysWhere(filters), (existing ??= await keysWhere({}))];
      tests.push((entry) => allowed.has(key(entry)) || (!present.has(key(entry)) && checker(uid).can[action]({ locale: entry.locale })));
    }
    return (entry) => tests.every((test) => test(entry));
  }

  return {
    /** Which of `entries` the user may act on so. */
    async filter<T extends Entry>(access: EntryAccess, entries: T[]): Promise<T[]> {
      const byType = new Map<string, T[]>();
      for (const entry of entries) byType.set(entry.uid, [...(byType.get(entry.uid) ?? []), entry]);
      const permitted = new Map<string, (entry: Entry) => boolean>();
      for (const [uid, ofType] of byType) permitted.set(uid, await permittedOfType(access, uid, ofType));
      return entries.filter((entry) => permitted.get(entry.uid)!(entry));
    },

    /**
     * Refuses (403) an entry the user may not act on so, saying why (and, for an entry the request named, its type and
     * locale: a job's id says nothing of its entry to whoever may not see it).
     */
    async require(access: EntryAccess, entry: Entry, named = true): Promise<void> {
      const why = await this.refusal(access, entry, named);
      // (A PolicyError: Strapi answers any other 403 thrown in a handler with a bare "Forbidden".)
      if (why) throw new errors.PolicyError(why);
    },

    /** Why the user may not act on the entry so, in words (what they lack, or that it is not one of theirs); none: they may. */
    async refusal(access: EntryAccess, entry: Entry, named = true): Promise<string | undefined> {
      if ((await this.filter(access, [entry])).length) return undefined;
      const uid = entry.uid;
      const imageField = access === 'change' ? settings().contentType(uid)?.imageField : undefined;
      const lacking: string[] = strapi.contentTypes[uid as keyof typeof strapi.contentTypes]
        ? actionsFor(access, uid).filter((action) => checker(uid).cannot[action]())
        : [];
      // (Update held, but not on the image field.)
      if (imageField && !lacking.includes('update') && checker(uid).cannot.update(undefined, imageField)) lacking.push(`update of the "${imageField}" field`);
      const what = access === 'read' ? 'see the illustration of' : 'change the image of';
      const where = named ? ` on ${displayName(uid)}${entry.locale ? ` in ${entry.locale}` : ''}` : '';
      return lacking.length
        ? `You may not ${what} this entry: it takes the content manager's ${lacking.join(' and ')} permission${where}`
        : `You may not ${what} this entry: your content manager's ${actionsFor(access, uid).join(' and ')} permission${where} does not cover it (only some locales, or the entries you created)`;
    },

    /**
     * The jobs of entries the user may act on so, as a query of the job table: types they may not are left out, a
     * condition on the locale alone is one on the job's locale (a Super Admin's "every locale" too). `rowChecks`: some
     * type's conditions need the entries themselves ("is creator"), and its jobs must be filtered one by one.
     */
    async jobsWhere(access: EntryAccess): Promise<{ where: object; rowChecks: boolean }> {
      // (Every type: jobs of one that no longer takes part stay listed for those who may read it.)
      const uids = Object.keys(strapi.contentTypes);
      const parts: object[] = [];
      let rowChecks = false;
      for (const uid of uids) {
        if (!typeAllows(access, uid)) continue;
        const found = await conditions(access, uid);
        if (found.every(({ filters }) => onlyLocale(filters))) {
          parts.push({ $and: [{ targetUid: uid }, ...found.map(({ filters }) => onJobLocale(filters))] });
          continue;
        }
        // The entries the conditions select, asked once (an author's articles): their jobs only, then row by row for
        // the locale. So many that the query would be too long: every job of the type, row by row.
        const entries = (await strapi.db.query(uid as never).findMany({
          where: { $and: found.map(({ filters }) => filters) }, select: ['documentId'], limit: MAX_LISTED_ENTRIES + 1,
        })) as Array<{ documentId: string }>;
        const documentIds = [...new Set(entries.map((entry) => entry.documentId))];
        parts.push({ $and: [{ targetUid: uid }, ...(entries.length > MAX_LISTED_ENTRIES ? [] : [{ targetDocumentId: { $in: documentIds } }])] });
        rowChecks = true;
      }
      return { where: parts.length ? { $or: parts } : { id: { $lt: 0 } }, rowChecks };
    },

    /**
     * Whether the user may act so on every entry of a type in each of `locales` (null: a type without i18n): a backfill
     * takes every entry of its selection, so a permission limited to some entries is not enough.
     */
    wholeType(access: EntryAccess, uid: string, locales: Array<string | null>): boolean {
      return typeAllows(access, uid) &&
        actionsFor(access, uid).every((action) => locales.every((locale) => checker(uid).can[action](locale === null ? {} : { locale })));
    },

    /** Refuses (403) what wholeType does not allow. */
    requireWholeType(access: EntryAccess, uid: string, locales: Array<string | null>): void {
      if (this.wholeType(access, uid, locales)) return;
      const where = `${displayName(uid)}${locales.some((locale) => locale !== null) ? ` in ${locales.join(', ')}` : ''}`;
      throw new errors.PolicyError(`You may not illustrate or follow every entry of ${where}: a backfill takes the content manager's ${actionsFor(access, uid).join(' and ')} permission on them all, with no condition`);
    },
  };
}

/** A permission query on the entry's locale and nothing else (the i18n plugin's locale restriction). */
function onlyLocale(filters: unknown): boolean {
  if (Array.isArray(filters)) return filters.every(onlyLocale);
  if (!filters || typeof filters !== 'object') return true;
  return Object.entries(filters).every(([key, value]) => key === 'locale' || (key.startsWith('$') && onlyLocale(value)));
}

/** The same query on a job's locale. */
function onJobLocale(filters: unknown): object {
  if (Array.isArray(filters)) return filters.map(onJobLocale);
  if (!filters || typeof filters !== 'object') return filters as object;
  return Object.fromEntries(Object.entries(filters).map(([key, value]) => (key === 'locale' ? ['targetLocale', value] : [key, onJobLocale(value)])));
}
