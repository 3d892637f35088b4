import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import {
  Actor,
  notificationKindSchema,
  notificationLanguageSchema,
  notificationListQuerySchema,
  NotificationPreferences,
  notificationPreferencesSchema,
  NotificationTemplateInput,
  notificationTemplateInputSchema,
  notificationTemplateViewSchema,
  notificationViewSchema,
  PageQuery,
  pageQuerySchema,
  pageSchema,
  webhookDeliveryViewSchema,
  WebhookInput,
  webhookInputSchema,
  WebhookPatch,
  webhookPatchSchema,
  webhookViewSchema,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { NotificationsService } from './notifications.service';

const TAGS = ['notifications 通知'];
const WEBHOOK_TAGS = ['webhooks'];
const listQuerySchema = pageQuerySchema.extend(notificationListQuerySchema.shape);
const templateParamsSchema = z.object({ kind: notificationKindSchema, language: notificationLanguageSchema });
type TemplateParams = z.infer<typeof templateParamsSchema>;

@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @Endpoint({
    summary: '我的通知 My in-app notifications, newest first (`unread=true`: unread only)',
    tags: TAGS,
    query: listQuerySchema,
    response: pageSchema(notificationViewSchema),
  })
  list(@Query() q: z.output<typeof listQuerySchema>, @CurrentUser() actor: Actor) {
    const { unread, ...page } = q;
    return this.notifications.list(actor, { unread }, page);
  }

  @Post('notifications/:id/read')
  @Endpoint({
    summary: '标记已读 Mark one of my notifications read',
    tags: TAGS,
    params: idParamSchema,
    response: notificationViewSchema,
    status: 200,
    command: true,
  })
  markRead(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.notifications.markRead(id, actor);
  }

  @Post('notifications/read-all')
  @Endpoint({
    summary: '全部标记已读 Mark all my notifications read',
    tags: TAGS,
    response: z.object({ marked: z.number().int(), unread: z.number().int() }),
    status: 200,
    command: true,
  })
  markAllRead(@CurrentUser() actor: Actor) {
    return this.notifications.markAllRead(actor);
  }

  @Get('me/notification-preferences')
  @Endpoint({
    summary: '通知偏好 My language and channels per kind (a kind not listed: in-app and e-mail)',
    tags: TAGS,
    response: notificationPreferencesSchema,
  })
  preferences(@CurrentUser() actor: Actor) {
    return this.notifications.getPreferences(actor);
  }

  @Put('me/notification-preferences')
  @Endpoint({
    summary: '设置通知偏好 Set my language and channels per kind (replaces the previous choice)',
    tags: TAGS,
    body: notificationPreferencesSchema,
    response: notificationPreferencesSchema,
    status: 200,
    command: true,
  })
  setPreferences(@Body() body: NotificationPreferences, @CurrentUser() actor: Actor) {
    return this.notifications.setPreferences(body, actor);
  }

  @Get('notification-templates')
  @Endpoint({
    summary: '通知模板 The templates in force, per kind and language',
    tags: TAGS,
    roles: ['admin'],
    query: pageQuerySchema,
    response: pageSchema(notificationTemplateViewSchema),
  })
  templates(@Query() page: PageQuery, @CurrentUser() actor: Actor) {
    return this.notifications.listTemplates(actor, page);
  }

  @Get('notification-templates/:kind/:language')
  @Endpoint({
    summary: '通知模板 The template in force for one kind and language',
    tags: TAGS,
    roles: ['admin'],
    params: templateParamsSchema,
    response: notificationTemplateViewSchema,
  })
  template(@Param() { kind, language }: TemplateParams, @CurrentUser() actor: Actor) {
    return this.notifications.getTemplate(kind, language, actor);
  }

  @Put('notification-templates/:kind/:language')
  @Endpoint({
    summary: '编辑通知模板 Edit a template: a new version, used from the next notification on',
    tags: TAGS,
    roles: ['admin'],
    params: templateParamsSchema,
    body: notificationTemplateInputSchema,
    response: notificationTemplateViewSchema,
    status: 200,
    command: true,
  })
  saveTemplate(
    @Param() { kind, language }: TemplateParams,
    @Body() body: NotificationTemplateInput,
    @CurrentUser() actor: Actor,
  ) {
    return this.notifications.saveTemplate(kind, language, body, actor);
  }

  @Get('webhooks')
  @Endpoint({
    summary: 'Webhooks registered (the secret is never shown)',
    tags: WEBHOOK_TAGS,
    roles: ['admin'],
    query: pageQuerySchema,
    response: pageSchema(webhookViewSchema),
  })
  webhooks(@Query() page: PageQuery, @CurrentUser() actor: Actor) {
    return this.notifications.listWebhooks(actor, page);
  }

  @Post('webhooks')
  @Endpoint({
    summary: '注册 Webhook Register a webhook: URL, secret, event types; deliveries are signed',
    tags: WEBHOOK_TAGS,
    roles: ['admin'],
    body: webhookInputSchema,
    response: webhookViewSchema,
    status: 201,
    command: true,
  })
  register(@Body() body: WebhookInput, @CurrentUser() actor: Actor) {
    return this.notifications.registerWebhook(body, actor);
  }

  @Get('webhooks/:id')
  @Endpoint({
    summary: 'One webhook',
    tags: WEBHOOK_TAGS,
    roles: ['admin'],
    params: idParamSchema,
    response: webhookViewSchema,
  })
  webhook(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.notifications.getWebhook(id, actor);
  }

  @Patch('webhooks/:id')
  @Endpoint({
    summary: 'Change a webhook (URL, secret, event types, active)',
    tags: WEBHOOK_TAGS,
    roles: ['admin'],
    params: idParamSchema,
    body: webhookPatchSchema,
    response: webhookViewSchema,
    command: true,
  })
  change(@Param() { id }: IdParam, @Body() body: WebhookPatch, @CurrentUser() actor: Actor) {
    return this.notifications.changeWebhook(id, body, actor);
  }

  @Delete('webhooks/:id')
  @Endpoint({
    summary: 'Delete a webhook (its deliveries stay on record)',
    tags: WEBHOOK_TAGS,
    roles: ['admin'],
    params: idParamSchema,
    status: 204,
    command: true,
  })
  remove(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.notifications.deleteWebhook(id, actor);
  }

  @Get('webhooks/:id/deliveries')
  @Endpoint({
    summary: 'A webhook’s deliveries, oldest first: status, attempts, last answer',
    tags: WEBHOOK_TAGS,
    roles: ['admin'],
    params: idParamSchema,
    query: pageQuerySchema,
    response: pageSchema(webhookDeliveryViewSchema),
  })
  deliveries(@Param() { id }: IdParam, @Query() page: PageQuery, @CurrentUser() actor: Actor) {
    return this.notifications.deliveries(id, actor, page);
  }

  @Post('webhook-deliveries/:id/replay')
  @Endpoint({
    summary: 'Replay a delivery: the same event sent again as a new delivery (same event id)',
    tags: WEBHOOK_TAGS,
    roles: ['admin'],
    params: idParamSchema,
    response: webhookDeliveryViewSchema,
    status: 201,
    command: true,
  })
  replay(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.notifications.replay(id, actor);
  }
}
