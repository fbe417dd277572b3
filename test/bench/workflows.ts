// The benchmark's worker bundle: the real workflow and the no-op one it is compared with.
export { documentApproval } from '@naskah/workflows';
export { benchNoop } from './noop.workflow';
