import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'backfill').stopPumping();
  await getService(strapi, 'worker').stop();
  await getService(strapi, 'text-analysis').stop();
};
