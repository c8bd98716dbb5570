import { useRBAC } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../permissions';

/**
 * What the current admin user may do with the plugin. useRBAC names actions after their last segment
 * (settings.read and jobs.read would both be "canRead"), so each permission is checked on its own.
 */
export function usePermissions() {
  const settingsRead = useRBAC(PERMISSIONS.settingsRead);
  const settingsUpdate = useRBAC(PERMISSIONS.settingsUpdate);
  const generate = useRBAC(PERMISSIONS.generate);
  const jobsRead = useRBAC(PERMISSIONS.jobsRead);
  const all = [settingsRead, settingsUpdate, generate, jobsRead];
  const allowed = (check: typeof settingsRead) => Object.values(check.allowedActions).some(Boolean);
  return {
    isLoading: all.some((check) => check.isLoading),
    canReadSettings: allowed(settingsRead),
    canUpdateSettings: allowed(settingsUpdate),
    canGenerate: allowed(generate),
    canReadJobs: allowed(jobsRead),
  };
}
