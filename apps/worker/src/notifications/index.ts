export * from './delivery-schedule';
export * from './email.templates';
export * from './notification-delivery';
export * from './notification-delivery.service';
export * from './webhook.sender';
