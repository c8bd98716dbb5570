import request from 'supertest';
import type { Core } from '@strapi/strapi';

const PASSWORD = 'Test-admin-password-1';

/** A Super Admin named `firstname lastname`, logged in through the admin API: their bearer token. */
export async function superAdminToken(strapi: Core.Strapi, email: string, firstname: string, lastname: string): Promise<string> {
  await strapi.service('admin::user').create({
    email,
    firstname,
    lastname,
    password: PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: [(await strapi.service('admin::role').getSuperAdmin()).id],
  });
  const response = await request(strapi.server.httpServer).post('/admin/login').send({ email, password: PASSWORD }).expect(200);
  return response.body.data.token as string;
}
