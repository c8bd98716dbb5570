import type { Core } from '@strapi/strapi';
import type services from '../services';
import { PLUGIN_ID } from './plugin-id';

type Services = typeof services;
export type ServiceName = keyof Services;
export type ServiceOf<Name extends ServiceName> = ReturnType<Services[Name]>;

/** Typed access to the plugin's own services. */
export function getService<Name extends ServiceName>(strapi: Core.Strapi, name: Name): ServiceOf<Name> {
  return strapi.plugin(PLUGIN_ID).service(name) as ServiceOf<Name>;
}
