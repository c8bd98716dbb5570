/**
 * The repository's tsconfig resolves modules the classic Node way, which ignores package "exports" maps; these
 * declarations point the admin entry points we import at the type files those maps name. Types only: the bundler
 * (strapi-plugin build) resolves the real modules through the exports maps.
 */
declare module '@strapi/strapi/admin' {
  export * from '@strapi/strapi/dist/admin';
}
declare module '@strapi/admin/strapi-admin' {
  export * from '@strapi/admin/dist/admin/src/index';
}
declare module '@strapi/content-manager/strapi-admin' {
  export * from '@strapi/content-manager/dist/admin/src/index';
}
declare module '@strapi/content-type-builder/strapi-admin' {
  export * from '@strapi/content-type-builder/dist/admin/src/index';
}
