import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import controllers from './controllers';
import destroy from './destroy';
import register from './register';
import routes from './routes';
import services from './services';

/** The placeholder card on its own (no Strapi needed): what the test of both builds renders with each. */
export { renderPlaceholder } from './domain/placeholder';

export default {
  register,
  bootstrap,
  destroy,
  config,
  contentTypes,
  services,
  controllers,
  routes,
  policies: {},
  middlewares: {},
};
