/**
 * The submission step against Scenario's concurrency ceiling, without Strapi (in-memory job rows and client): a 429
 * that names the limit is neither an attempt nor a paid submission; the job goes back to the queue shortly, its quote
 * released, and the limit is handed to the generation slots.
 */
import { ScenarioError } from '../../server/src/scenario/errors';
import { createWorld, jobRow } from './fakes/pipeline-world';

const ARTICLE = { title: 'Granite lighthouses of Brittany', text: 'The granite lighthouses of Brittany guide fishing boats along the rocky coast.' };

const ceiling = () =>
  new ScenarioError('Scenario refused POST /generate/custom/model_bfl-flux-1-dev with 429: You have reached the maximum number of concurrent jobs', {
    kind: 'rate-limited',
    status: 429,
    retryable: true,
    actionLimit: 2,
    actionName: 'generate',
  });

it('a concurrency 429 sends the job back to the queue without spending an attempt, a submission or credits', async () => {
  const world = createWorld();
  world.articles.set('article-1', { ...ARTICLE, imageFileId: null });
  world.scenario.state.generateError = ceiling();
  const job = await world.run(jobRow({ id: 1 }));

  expect(world.scenario.calls.generate).toHaveLength(1);
  expect(job).toMatchObject({ state: 'queued', attempts: 0, submissions: 0, submittedAt: null, usePlaceholder: false });
  expect(job.budgetCredits ?? null).toBeNull();
  expect(world.budget.spent()).toBe(0);
  expect(world.learnedLimits).toEqual([2]);
  const wait = new Date(job.nextRunAt!).getTime() - Date.now();
  expect(wait).toBeGreaterThan(500);
  expect(wait).toBeLessThanOrEqual(2000);
  expect(job.history?.at(-1)?.note).toMatch(/Scenario allows 2 generation\(s\) at once/);

  // Sent again once a slot is free: submitted once, as any job.
  world.scenario.state.generateError = undefined;
  const done = await world.run({ ...job, nextRunAt: new Date().toISOString() });
  expect(done.state).toBe('done');
  expect(done.submissions).toBe(1);
  expect(world.scenario.calls.generate).toHaveLength(2);
});
