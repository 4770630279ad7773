/** Entry point for tests, the demo mode and benchmarks: both CRM simulators and their option types. */

export { startSageCrmSimulator } from './sagecrm/server.ts';
export type { SageCrmControl, SageCrmSimulator, SageCrmSimulatorOptions } from './sagecrm/server.ts';
export { startDynamicsSimulator } from './dynamics/server.ts';
export type { DynamicsControl, DynamicsSimulator, DynamicsSimulatorOptions } from './dynamics/server.ts';
export type { CommonControl, DeleteInput, MutateInput, StateOptions } from './common/control.ts';
export type { FaultKind, FaultSpec } from './common/faults.ts';
export type { RequestLogEntry } from './common/requestLog.ts';
