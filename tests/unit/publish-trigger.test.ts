/** Which documents a document-service call published, in the order their jobs are made. */
import { publishedTargets } from '../../server/src/middlewares/publish-trigger';

const UID = 'api::article.article';

describe('published targets', () => {
  it('gives an English locale first when several are published at once: the one the others share an image with', () => {
    const result = { entries: [{ documentId: 'd1', locale: 'de' }, { documentId: 'd1', locale: 'es' }, { documentId: 'd1', locale: 'en-GB' }] };
    expect(publishedTargets({ uid: UID, action: 'publish' }, result, true).map((target) => target.locale)).toEqual(['en-GB', 'de', 'es']);
  });

  it('keeps each document and locale once, and only what went live', () => {
    const twice = { entries: [{ documentId: 'd1', locale: 'fr' }, { documentId: 'd1', locale: 'fr' }, null, { locale: 'en' }] };
    expect(publishedTargets({ uid: UID, action: 'publish' }, twice, true)).toEqual([{ uid: UID, documentId: 'd1', locale: 'fr' }]);
    expect(publishedTargets({ uid: UID, action: 'update', params: {} }, { documentId: 'd1', locale: 'en' }, true)).toEqual([]);
    expect(publishedTargets({ uid: UID, action: 'update', params: { status: 'published' } }, { documentId: 'd1', locale: 'en' }, true)).toHaveLength(1);
    expect(publishedTargets({ uid: UID, action: 'create', params: {} }, { documentId: 'd2', locale: null }, false)).toEqual([{ uid: UID, documentId: 'd2', locale: null }]);
  });
});
