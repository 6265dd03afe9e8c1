import { describe, expect, it } from 'vitest';
import { confirmPage, type AckSubject } from '../../lambda/ack/page';

/** The confirm page says what still comes once someone is on it, true of the alert it is. */

const subject = (about: AckSubject['about']): AckSubject => ({
  account: 'Boutique Dakar',
  about,
  what: about,
  sinceAt: 'Nov 28, 6:05 pm',
});

describe('the acknowledge page', () => {
  it.each([
    ['LOW', 'A fall below the critical threshold still alerts.'],
    ['CRITICAL', 'The close of the alert is still reported.'],
    ['FAILING', 'When the balance can be read again, that is still reported.'],
  ] as const)('for a %s alert, says: %s', (about, said) => {
    const html = confirmPage('en', subject(about), 'token');
    expect(html).toContain(said);
    if (about !== 'LOW') expect(html).not.toContain('critical threshold');
  });

  it('says it in French too', () => {
    expect(confirmPage('fr', subject('CRITICAL'), 't')).toContain(
      'La clôture de l&#39;alerte sera toujours signalée.',
    );
  });
});
