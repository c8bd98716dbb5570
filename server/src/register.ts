import type { Core } from '@strapi/strapi';
import { createPublishTrigger } from './middlewares/publish-trigger';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.documents.use(createPublishTrigger(strapi) as never);
};
