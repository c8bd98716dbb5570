export const PLUGIN_ID = 'auto-illustration';
