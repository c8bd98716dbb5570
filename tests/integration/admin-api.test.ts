import request from 'supertest';
import { startScenarioEmulator, type ScenarioEmulator } from '../scenario-emulator';
import { bootPlayground, type Playground } from '../helpers/playground';

let emulator: ScenarioEmulator;
let app: Playground;
beforeAll(async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 0.3 });
  app = await bootPlayground({ env: { SCENARIO_BASE_URL: emulator.apiUrl, SCENARIO_API_KEY: emulator.apiKey, SCENARIO_API_SECRET: emulator.apiSecret, SCENARIO_DOWNLOAD_HOSTS: emulator.cdnHost } });
}, 120000);
afterAll(async () => { await app?.close(); await emulator?.close(); });
it('smoke', async () => {
  const superAdmin = await app.strapi.service('admin::role').getSuperAdmin();
  await app.strapi.service('admin::user').create({ email: 's@example.com', firstname: 'S', lastname: 'A', password: 'Password-123', isActive: true, registrationToken: null, roles: [superAdmin.id] });
  const login = await request(app.strapi.server.httpServer).post('/admin/login').send({ email: 's@example.com', password: 'Password-123' });
  console.log(login.status, JSON.stringify(login.body).slice(0, 300));
  const token = login.body.data.token;
  for (const [m, p, b] of [['get', '/auto-illustration/settings'], ['get', '/auto-illustration/settings/estimate'], ['post', '/auto-illustration/settings/test-connection'], ['get', '/auto-illustration/models?privacy=public&pageSize=2'], ['put', '/auto-illustration/settings', { numOutputs: 9 }], ['put', '/auto-illustration/settings', { contentTypes: { 'api::article.article': { imageField: 'title' } } }], ['get', '/auto-illustration/jobs?state=nope']] as const) {
    const r = await (request(app.strapi.server.httpServer) as any)[m](p).set('Authorization', `Bearer ${token}`).send(b as any);
    console.log(m, p, r.status, JSON.stringify(r.body).slice(0, 1500));
  }
});
