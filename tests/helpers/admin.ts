import request from 'supertest';
import type { Core } from '@strapi/strapi';

/** The password of every admin user the tests make (to log in again, after a restart). */
export const ADMIN_PASSWORD = 'Test-admin-password-1';

/** An admin user with this role, logged in through the admin API: their bearer token. */
export async function adminToken(strapi: Core.Strapi, email: string, roleId: number, name = { firstname: 'Test', lastname: 'User' }): Promise<string> {
  await strapi.service('admin::user').create({ email, ...name, password: ADMIN_PASSWORD, isActive: true, registrationToken: null, roles: [roleId] });
  return logIn(strapi, email);
}

/** A Super Admin named `firstname lastname`, logged in through the admin API: their bearer token. */
export async function superAdminToken(strapi: Core.Strapi, email: string, firstname: string, lastname: string): Promise<string> {
  return adminToken(strapi, email, (await strapi.service('admin::role').getSuperAdmin()).id, { firstname, lastname });
}

/** A new bearer token for an admin user the tests made. */
export async function logIn(strapi: Core.Strapi, email: string): Promise<string> {
  const response = await request(strapi.server.httpServer).post('/admin/login').send({ email, password: ADMIN_PASSWORD }).expect(200);
  return response.body.data.token as string;
}
