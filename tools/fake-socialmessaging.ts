import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  META_API_VERSION_PATTERN,
  metaApiVersionExpired,
} from '../lambda/contract/meta-api-version';
import { placeholdersOf } from '../lambda/messages/whatsapp/templates';
import { closeIncludingSockets } from './closable-server';
import { readRequestBody } from './read-request';

/**
 * A stand-in for AWS End User Messaging Social, reached by the SDK through
 * `AWS_ENDPOINT_URL_SOCIALMESSAGING`: the three operations the monitor uses, in the service's
 * REST-JSON shapes (`POST /v1/whatsapp/send`, `POST /v1/whatsapp/template/put`,
 * `GET /v1/whatsapp/template/list`), errors as the SDK reads them (`x-amzn-errortype` and a
 * message quoting Meta's code). Every message is checked as Meta would: a template, never free
 * text; a template that exists in that language and is approved; as many body parameters as
 * the template has placeholders, none empty or with a new line; a recipient in E.164; a Graph
 * API version Meta still serves. What Meta reports after accepting a message (a number not on
 * WhatsApp) comes later, as the service publishes it on the event destination (`events`).
 */

export interface StoredTemplate {
  readonly name: string;
  readonly language: string;
  readonly category: string;
  readonly body: string;
  readonly buttons: number;
  status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED';
}

export interface SentWhatsApp {
  readonly phoneNumberId: string;
  readonly metaApiVersion: string;
  readonly to: string;
  readonly template: string;
  readonly language: string;
  readonly parameters: readonly string[];
  /** The quick-reply payload, when the message set one. */
  readonly payload: string | undefined;
  /** biz_opaque_callback_data, when the message set it. */
  readonly callback: string | undefined;
  /** The id answered. */
  readonly messageId: string;
  /** The body as the recipient reads it. */
  readonly text: string;
}

export type SocialMessagingFault =
  | 'ThrottledRequestException'
  | 'InternalServiceException'
  | { readonly meta: number; readonly message: string };

export interface FakeSocialMessaging {
  readonly url: string;
  readonly templates: StoredTemplate[];
  readonly messages: SentWhatsApp[];
  readonly refused: { readonly type: string; readonly message: string }[];
  /**
   * Numbers that are not on WhatsApp: a message to one is accepted (a messageId), then
   * reported failed with Meta's 131026 on the event destination, as the Cloud API does.
   */
  readonly notOnWhatsApp: Set<string>;
  /**
   * What End User Messaging Social published to the event destination, in its shape (an SNS
   * message whose `whatsAppWebhookEntry` is Meta's webhook entry): the failed statuses so far.
   */
  readonly events: string[];
  /** Faults answered, one per send, before normal answers. */
  fail(...faults: SocialMessagingFault[]): void;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{7,14}$/;

interface TemplateComponent {
  readonly type?: string;
  readonly text?: string;
  readonly buttons?: readonly unknown[];
  readonly parameters?: readonly { type?: string; text?: string; payload?: string }[];
  readonly sub_type?: string;
}

/** Meta's titles for the codes the fake reports late. */
const LATE_TITLES: Readonly<Record<number, string>> = { 131026: 'Message undeliverable' };

/**
 * The event End User Messaging Social publishes when Meta reports a message failed: its header
 * and, as a JSON string, Meta's webhook entry with one `failed` status echoing the callback data.
 */
export function failedStatusEvent(
  phoneNumberId: string,
  to: string,
  messageId: string,
  callback: string | undefined,
  code: number,
): string {
  const entry = {
    id: '102290129340398',
    changes: [
      {
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '221338001122', phone_number_id: '106540352242922' },
          statuses: [
            {
              id: `wamid.${messageId}`,
              status: 'failed',
              timestamp: '1764956700',
              recipient_id: to.slice(1),
              ...(callback === undefined ? {} : { biz_opaque_callback_data: callback }),
              errors: [
                {
                  code,
                  title: LATE_TITLES[code] ?? 'Failed',
                  error_data: { details: LATE_TITLES[code] ?? 'Failed' },
                },
              ],
            },
          ],
        },
      },
    ],
  };
  return JSON.stringify({
    context: {
      MetaPhoneNumberIds: [
        {
          metaPhoneNumberId: '106540352242922',
          arn: `arn:aws:social-messaging:us-east-1:123456789012:phone-number-id/${phoneNumberId.slice(16)}`,
        },
      ],
    },
    whatsAppWebhookEntry: JSON.stringify(entry),
    aws_account_id: '123456789012',
    messageId: `event-${messageId}`,
  });
}

export async function startFakeSocialMessaging(options: {
  /** The phone number ids of the linked account. */
  readonly phoneNumberIds: readonly string[];
  /** The WhatsApp Business Account id templates are created in. */
  readonly wabaId: string;
  /** What a new template's status is: Meta reviews it, so PENDING by default. */
  readonly newTemplateStatus?: StoredTemplate['status'];
  /** The clock versions are judged by: the real one by default. */
  readonly now?: () => Date;
  readonly port?: number;
}): Promise<FakeSocialMessaging> {
  const templates: StoredTemplate[] = [];
  const messages: SentWhatsApp[] = [];
  const refused: { type: string; message: string }[] = [];
  const faults: SocialMessagingFault[] = [];
  const notOnWhatsApp = new Set<string>();
  const events: string[] = [];
  let nextId = 1;
  const answer = (res: ServerResponse, status: number, body: unknown, type?: string) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      ...(type === undefined ? {} : { 'x-amzn-errortype': type }),
    });
    res.end(JSON.stringify(body));
  };
  const refuse = (res: ServerResponse, status: number, type: string, message: string) => {
    refused.push({ type, message });
    answer(res, status, { message }, type);
  };

  function send(res: ServerResponse, text: string): void {
    const fault = faults.shift();
    if (fault === 'ThrottledRequestException') return refuse(res, 429, fault, 'Rate exceeded');
    if (fault === 'InternalServiceException') return refuse(res, 500, fault, 'Internal error');
    if (fault !== undefined)
      return refuse(res, 400, 'ValidationException', `(#${fault.meta}) ${fault.message}`);
    let request: { originationPhoneNumberId?: string; metaApiVersion?: string; message?: string };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      return refuse(res, 400, 'ValidationException', 'the body is not JSON');
    }
    const phoneNumberId = request.originationPhoneNumberId ?? '';
    if (!options.phoneNumberIds.includes(phoneNumberId))
      return refuse(res, 404, 'ResourceNotFoundException', `no phone number ${phoneNumberId}`);
    const version = request.metaApiVersion ?? '';
    if (!META_API_VERSION_PATTERN.test(version))
      return refuse(res, 400, 'ValidationException', 'metaApiVersion must be v{Version}');
    // A version Meta no longer serves is refused, as the service does (its list of versions).
    if (metaApiVersionExpired(version, (options.now ?? (() => new Date()))()))
      return refuse(
        res,
        400,
        'ValidationException',
        `metaApiVersion ${version} is not supported: use a current Graph API version`,
      );
    let message: {
      messaging_product?: string;
      to?: string;
      type?: string;
      template?: { name?: string; language?: { code?: string }; components?: TemplateComponent[] };
    };
    try {
      message = JSON.parse(
        Buffer.from(request.message ?? '', 'base64').toString('utf8'),
      ) as typeof message;
    } catch {
      return refuse(res, 400, 'ValidationException', 'the message is not a JSON object');
    }
    if (message.messaging_product !== 'whatsapp')
      return refuse(res, 400, 'ValidationException', '(#100) messaging_product must be whatsapp');
    const to = message.to ?? '';
    if (!E164.test(to))
      return refuse(
        res,
        400,
        'ValidationException',
        `(#100) Invalid parameter: to ${to} is not E.164`,
      );
    if (message.type !== 'template' || message.template === undefined)
      return refuse(
        res,
        400,
        'ValidationException',
        '(#131047) Re-engagement message: more than 24 hours since the customer last replied',
      );
    const name = message.template.name ?? '';
    const language = message.template.language?.code ?? '';
    const template = templates.find((t) => t.name === name && t.language === language);
    if (template === undefined || template.status === 'PENDING' || template.status === 'REJECTED')
      return refuse(
        res,
        400,
        'ValidationException',
        `(#132001) Template name does not exist in the translation: ${name} (${language})`,
      );
    if (template.status === 'PAUSED')
      return refuse(res, 400, 'ValidationException', `(#132015) Template is paused: ${name}`);
    const components = message.template.components ?? [];
    const body = components.find((c) => c.type === 'body');
    const parameters = (body?.parameters ?? []).map((p) => p.text ?? '');
    const expected = new Set(placeholdersOf(template.body)).size;
    if (parameters.length !== expected)
      return refuse(
        res,
        400,
        'ValidationException',
        `(#132000) Number of parameters does not match the expected number of params: ${parameters.length} for ${expected}`,
      );
    if (parameters.some((p) => p.trim() === '' || /[\n\t]| {5,}/.test(p)))
      return refuse(res, 400, 'ValidationException', '(#131009) Parameter value is not valid');
    const button = components.find((c) => c.type === 'button');
    if (button !== undefined && template.buttons === 0)
      return refuse(res, 400, 'ValidationException', '(#131009) the template has no button');
    const payload = button?.parameters?.[0]?.payload;
    const callback = (message as { biz_opaque_callback_data?: unknown }).biz_opaque_callback_data;
    if (callback !== undefined && (typeof callback !== 'string' || callback.length > 512))
      return refuse(
        res,
        400,
        'ValidationException',
        '(#100) biz_opaque_callback_data must be a string of at most 512 characters',
      );
    const messageId = `msg-${nextId++}`;
    if (notOnWhatsApp.has(to))
      events.push(failedStatusEvent(phoneNumberId, to, messageId, callback, 131026));
    messages.push({
      phoneNumberId,
      metaApiVersion: request.metaApiVersion ?? '',
      to,
      template: name,
      language,
      parameters,
      payload,
      callback,
      messageId,
      text: template.body.replace(
        /\{\{(\d+)\}\}/g,
        (_, n: string) => parameters[Number(n) - 1] ?? '',
      ),
    });
    answer(res, 200, { messageId });
  }

  function put(res: ServerResponse, text: string): void {
    const request = JSON.parse(text) as { id?: string; templateDefinition?: string };
    if (request.id !== options.wabaId)
      return refuse(res, 404, 'ResourceNotFoundException', `no account ${request.id}`);
    const definition = JSON.parse(
      Buffer.from(request.templateDefinition ?? '', 'base64').toString('utf8'),
    ) as { name?: string; language?: string; category?: string; components?: TemplateComponent[] };
    const body = definition.components?.find((c) => c.type === 'BODY')?.text ?? '';
    if (!/^[a-z0-9_]{1,512}$/.test(definition.name ?? '') || body === '')
      return refuse(res, 400, 'ValidationException', '(#100) a template needs a name and a body');
    if (templates.some((t) => t.name === definition.name && t.language === definition.language))
      return refuse(res, 400, 'ValidationException', '(#100) the template exists in this language');
    const buttons = definition.components?.find((c) => c.type === 'BUTTONS')?.buttons?.length ?? 0;
    const status = options.newTemplateStatus ?? 'PENDING';
    templates.push({
      name: definition.name ?? '',
      language: definition.language ?? '',
      category: definition.category ?? '',
      body,
      buttons,
      status,
    });
    answer(res, 200, {
      metaTemplateId: String(templates.length),
      templateStatus: status,
      category: definition.category,
    });
  }

  function list(res: ServerResponse, query: URLSearchParams): void {
    if (query.get('id') !== options.wabaId)
      return refuse(res, 404, 'ResourceNotFoundException', `no account ${query.get('id')}`);
    // Pages of 10, to exercise the caller's paging.
    const start = Number(query.get('nextToken') ?? '0');
    const page = templates.slice(start, start + 10);
    answer(res, 200, {
      templates: page.map((t, i) => ({
        templateName: t.name,
        metaTemplateId: String(start + i + 1),
        templateStatus: t.status,
        templateLanguage: t.language,
        templateCategory: t.category,
      })),
      ...(start + 10 < templates.length ? { nextToken: String(start + 10) } : {}),
    });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const text = await readRequestBody(req);
      if (req.method === 'POST' && url.pathname === '/v1/whatsapp/send') return send(res, text);
      if (req.method === 'POST' && url.pathname === '/v1/whatsapp/template/put')
        return put(res, text);
      if (req.method === 'GET' && url.pathname === '/v1/whatsapp/template/list')
        return list(res, url.searchParams);
      refuse(res, 404, 'ResourceNotFoundException', `no operation ${req.method} ${url.pathname}`);
    })();
  });
  const close = closeIncludingSockets(server);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    templates,
    messages,
    refused,
    notOnWhatsApp,
    events,
    fail: (...more) => faults.push(...more),
    close,
  };
}
