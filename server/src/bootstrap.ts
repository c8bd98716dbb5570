import type { Core } from '@strapi/strapi';
import { describeFieldIssues } from './config/app-check';
import { keepXmpThroughUploads } from './middlewares/upload-xmp';
import { registerPermissions } from './permissions';
import { getService } from './utils/get-service';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // config/plugins.ts must fit the app (content types, fields, style): a typo would otherwise make every job of that
  // type fail and retry. Only now are the content types known, so this cannot be part of the config validator.
  const issues = getService(strapi, 'settings').checkFileConfig();
  if (issues.length) throw new Error(`auto-illustration config: ${describeFieldIssues(issues)}`);
  await registerPermissions(strapi);
  keepXmpThroughUploads(strapi);
  await getService(strapi, 'settings').reload();
  void getService(strapi, 'media').removeStaleTempDirs();
  getService(strapi, 'worker').start();
  getService(strapi, 'backfill').startPumping();
};
