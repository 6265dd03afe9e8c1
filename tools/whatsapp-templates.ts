import {
  CreateWhatsAppMessageTemplateCommand,
  ListWhatsAppMessageTemplatesCommand,
  SocialMessagingClient,
} from '@aws-sdk/client-socialmessaging';
import { LOCALES, type Locale } from '../lambda/contract/severities';
import { templateName } from '../lambda/messages/whatsapp/kinds';
import {
  exampleParameters,
  templateDefinition,
  WHATSAPP_CATALOGS,
  WHATSAPP_TEMPLATE_KINDS,
} from '../lambda/messages/whatsapp/templates';

/**
 * `npm run whatsapp-templates -- --waba waba-...`: creates in the WhatsApp Business Account the
 * templates of lambda/messages/whatsapp/ it does not have yet (one per kind of alert and
 * language, utility category), and prints each one's approval status. Meta reviews a new
 * template (minutes to a day); until it is APPROVED, a message with it is refused for good
 * (Meta's 132001): the alert is parked for WhatsApp and the operators are told. So add the
 * `whatsapp` recipients and deploy only once this prints every template approved. It exits 3
 * while one is not, so that `npm run whatsapp-templates -- --waba waba-... && cdk deploy` deploys
 * only then.
 */

export interface TemplateStatus {
  readonly name: string;
  readonly language: string;
  readonly status: string;
  readonly created: boolean;
}

/** The account's templates: "name/language" → Meta's status. */
export async function listTemplates(
  client: SocialMessagingClient,
  wabaId: string,
): Promise<Map<string, string>> {
  const existing = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListWhatsAppMessageTemplatesCommand({
        id: wabaId,
        ...(nextToken === undefined ? {} : { nextToken }),
      }),
    );
    for (const t of page.templates ?? [])
      existing.set(`${t.templateName}/${t.templateLanguage}`, t.templateStatus ?? 'UNKNOWN');
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return existing;
}

/**
 * The monitor's templates of an earlier version of the words ("dexchange_low/fr" before
 * "dexchange_low_v2"): nothing sends them any more, so they can be deleted once the current
 * ones are approved.
 */
export function supersededTemplates(existing: Iterable<string>): string[] {
  const current = new Set(WHATSAPP_TEMPLATE_KINDS.map(templateName));
  return [...existing].filter((key) => {
    const name = key.split('/')[0] ?? '';
    return name.startsWith('dexchange_') && !current.has(name);
  });
}

export async function syncTemplates(
  client: SocialMessagingClient,
  wabaId: string,
  locales: readonly Locale[] = LOCALES,
): Promise<TemplateStatus[]> {
  const existing = await listTemplates(client, wabaId);

  const statuses: TemplateStatus[] = [];
  for (const locale of locales)
    for (const kind of WHATSAPP_TEMPLATE_KINDS) {
      const name = templateName(kind);
      const language = WHATSAPP_CATALOGS[locale].language;
      const status = existing.get(`${name}/${language}`);
      if (status !== undefined) {
        statuses.push({ name, language, status, created: false });
        continue;
      }
      const definition = templateDefinition(kind, locale, exampleParameters(kind, locale));
      const made = await client.send(
        new CreateWhatsAppMessageTemplateCommand({
          id: wabaId,
          templateDefinition: new TextEncoder().encode(JSON.stringify(definition)),
        }),
      );
      statuses.push({ name, language, status: made.templateStatus ?? 'PENDING', created: true });
    }
  return statuses;
}

/** The tool's exit code when nothing failed: 3 while a template is not APPROVED, else 0. */
export const NOT_APPROVED_EXIT_CODE = 3;
export function approvalExitCode(statuses: readonly TemplateStatus[]): number {
  return statuses.every((s) => s.status === 'APPROVED') ? 0 : NOT_APPROVED_EXIT_CODE;
}

async function main(argv: readonly string[]): Promise<void> {
  const at = argv.indexOf('--waba');
  const wabaId = at === -1 ? undefined : argv[at + 1];
  if (wabaId === undefined || !/^waba-[0-9a-z]+$/i.test(wabaId)) {
    console.error(
      'usage: npm run whatsapp-templates -- --waba waba-0123... (the WhatsApp Business Account id, shown in the AWS End User Messaging Social console)',
    );
    process.exitCode = 2;
    return;
  }
  const client = new SocialMessagingClient({});
  const statuses = await syncTemplates(client, wabaId);
  for (const s of statuses)
    console.log(
      `${s.name.padEnd(28)} ${s.language.padEnd(3)} ${s.status}${s.created ? ' (submitted now)' : ''}`,
    );
  const waiting = statuses.filter((s) => s.status !== 'APPROVED').length;
  console.log(
    waiting === 0
      ? 'Every template is approved: WhatsApp alerts can go out.'
      : `${waiting} template(s) not approved yet: a WhatsApp alert using one is refused and parked (the operators are told). Add the whatsapp recipients and deploy only once every template is approved (run this again to see).`,
  );
  const superseded = supersededTemplates((await listTemplates(client, wabaId)).keys());
  if (superseded.length > 0)
    console.log(
      `No longer sent (an earlier version of the words): ${superseded.join(', ')}. Deploy once every template above is approved, then delete these in WhatsApp Manager.`,
    );
  // Non-zero until all are approved, so a deploy script can run this first and stop there.
  process.exitCode = approvalExitCode(statuses);
}

if (process.argv[1]?.endsWith('whatsapp-templates.ts') === true)
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
