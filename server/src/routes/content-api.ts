/**
 * The Content API, under /api/auto-illustration. Users & Permissions decides who may call it; every role starts
 * without the permission, so nothing is public until an administrator allows it.
 */
export default {
  type: 'content-api' as const,
  routes: [{ method: 'GET' as const, path: '/files/:id/provenance', handler: 'provenance.findOne', config: {} }],
};
