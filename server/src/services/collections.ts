import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { ScenarioError } from '../scenario/errors';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';
import { NOT_CONFIGURED } from './scenario';

const STORE_KEY = 'collections';

/** The collection made for each content type: its Scenario id and the name it was made with. */
const storedSchema = z.record(z.string(), z.object({ id: z.string().min(1), name: z.string() }));
type Stored = z.infer<typeof storedSchema>;

/** "<site> · <content type display name>", e.g. "Daily Planet · Article". */
export function collectionName(site: string, contentTypeName: string): string {
  return `${site} · ${contentTypeName}`;
}

/**
 * Scenario collections, one per content type, as Scenario's guide asks to group assets: every generated image goes
 * into its content type's collection. The collection is made once (`POST /collections`) and its id kept in the plugin
 * store for every instance; made again when Scenario no longer knows it (404), or when the site's name changed.
 * Best effort: `add` never throws, it says what went wrong, and the job records it in its history.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });
  /** Collections being made by this instance, so jobs finishing together make one, not several. */
  const making = new Map<string, Promise<string>>();

  async function stored(): Promise<Stored> {
    const parsed = storedSchema.safeParse((await store().get({})) ?? {});
    return parsed.success ? parsed.data : {};
  }

  /** The site's name: the `collections.site` option, else the app's name (its package.json). */
  function site(): string {
    const info = strapi.config.get('info') as { name?: string } | undefined;
    return getService(strapi, 'settings').current().collections.site ?? (info?.name?.trim() || 'Strapi');
  }

  function displayName(uid: string): string {
    const schema = strapi.getModel(uid as never) as { info?: { displayName?: string } } | undefined;
    return schema?.info?.displayName ?? uid;
  }

  async function make(uid: string, name: string): Promise<string> {
    const client = getService(strapi, 'scenario').client();
    if (!client) throw new Error(NOT_CONFIGURED);
    const id = await client.createCollection(name);
    // Read again just before writing: another content type's entry may have been added meanwhile.
    await store().set({ value: { ...(await stored()), [uid]: { id, name } } });
    return id;
  }

  /** The content type's collection id, made when there is none (or it no longer fits). */
  async function collectionFor(uid: string, options: { remake?: string } = {}): Promise<string> {
    const name = collectionName(site(), displayName(uid));
    const known = (await stored())[uid];
    if (known && known.name === name && known.id !== options.remake) return known.id;
    const pending = making.get(uid);
    if (pending) return pending;
    const made = make(uid, name).finally(() => making.delete(uid));
    making.set(uid, made);
    return made;
  }

  return {
    collectionName: (uid: string) => collectionName(site(), displayName(uid)),

    /**
     * Adds the assets to the content type's collection. Null when done; otherwise why not, in plain words (never
     * thrown: a collection is a convenience, the job is done either way).
     */
    async add(uid: string, assetIds: string[]): Promise<string | null> {
      if (assetIds.length === 0 || !getService(strapi, 'settings').current().collections.enabled) return null;
      const client = getService(strapi, 'scenario').client();
      if (!client) return NOT_CONFIGURED;
      try {
        const id = await collectionFor(uid);
        try {
          await client.addToCollection(id, assetIds);
        } catch (error) {
          // Deleted in Scenario's web app since: made again, once.
          if (!(error instanceof ScenarioError && error.kind === 'not-found')) throw error;
          await client.addToCollection(await collectionFor(uid, { remake: id }), assetIds);
        }
        return null;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  };
};
