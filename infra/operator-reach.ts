import type { RoutedEndpoint } from './config';
import { letsNothingThrough, unionOf, type Route } from './routing';

/**
 * The e-mail subscribers of one alert topic: its group's addresses, and the operators for
 * what their route takes. Why the operators subscribe to each alert topic (rather than the
 * function publishing to the operator topic): FAILING and STALE are alerts like the others,
 * routed by one rule (the filter policy on `route`), saved in the outbox, retried and parked
 * like the others, and configurable per address as finance's are (docs/architecture.md, "Who
 * hears what"). An operator already on the group's list keeps one subscription, whose route
 * takes what either would (SNS cannot hold an address twice on a topic, and one mail each is
 * what a person wants). An operator whose route lets nothing through hears the alarms only.
 */
export function withOperators(
  emails: readonly RoutedEndpoint[],
  operators: readonly RoutedEndpoint[],
): RoutedEndpoint[] {
  const subscribers = [...emails];
  for (const operator of operators) {
    if (letsNothingThrough(operator.routing)) continue;
    const same = subscribers.findIndex(
      (e) => e.endpoint.toLowerCase() === operator.endpoint.toLowerCase(),
    );
    const existing = subscribers[same];
    if (existing === undefined) subscribers.push(operator);
    else
      subscribers[same] = {
        ...existing,
        routing: unionOf([existing.routing, operator.routing]),
        own: true,
      };
  }
  return subscribers;
}

/**
 * What at least one operator hears on an alert topic, for the function's texts ("IT has this
 * alert too"); undefined when no operator hears any alert there.
 */
export function operatorsHear(operators: readonly RoutedEndpoint[]): Route | undefined {
  const hearing = operators.filter((o) => !letsNothingThrough(o.routing));
  return hearing.length === 0 ? undefined : unionOf(hearing.map((o) => o.routing));
}

/** The operators' addresses subscribed to each alert topic (those whose route lets something through). */
export function operatorEmailsOnAlertTopics(operators: readonly RoutedEndpoint[]): string[] {
  return operators.filter((o) => !letsNothingThrough(o.routing)).map((o) => o.endpoint);
}
