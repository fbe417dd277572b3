// The benchmark's worker bundle: the real workflow and the no-op one it is compared with.
export { documentApproval } from '../../workflows/src';
export { benchNoop } from './noop.workflow';
