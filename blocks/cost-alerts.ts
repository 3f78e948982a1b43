import { escapeMrkdwn, message, section, type Message } from './kit.js';

/** A short plain message, e.g. why the weekly digest could not be posted. */
export function renderCostNotice(text: string): Message {
  return message(text, [section(`:warning: ${escapeMrkdwn(text)}`)]);
}
