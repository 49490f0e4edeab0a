/** The jobs module's public face: what other modules, the composition root and tests import. */
export { Jobs, type EnqueueOptions, type JobType, type JobsOptions, type ScheduleSpec } from './jobs.service.ts';
export {
  JobError,
  type JobContext,
  type JobInfo,
  type JobTypeDefinition,
  type WorkerJobContext,
  type WorkerJobHandler,
} from './jobs.types.ts';
export { defineBuiltinJobs, PURGE_JOB } from './builtin.jobs.ts';
export { jobsRepository } from './jobs.repository.ts';
/** TEST ONLY: the job types end-to-end tests drive (a cloud registers them with CLOUD_TEST_JOBS=1). */
export { defineTestJobs } from './test-job.types.ts';
