export { documentApproval } from './document-approval.workflow';
