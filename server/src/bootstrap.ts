import type { Core } from '@strapi/strapi';
import { registerPermissions } from './permissions';
import { getService } from './utils/get-service';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissions(strapi);
  await getService(strapi, 'settings').reload();
  getService(strapi, 'worker').start();
};
