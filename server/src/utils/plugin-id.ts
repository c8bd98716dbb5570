export const PLUGIN_ID = 'auto-illustration';
export const JOB_UID = `plugin::${PLUGIN_ID}.job` as const;
/** Marks the plugin's own document-service calls so the publish trigger ignores them. */
export const INTERNAL_CALL_FLAG = 'autoIllustrationInternal';
