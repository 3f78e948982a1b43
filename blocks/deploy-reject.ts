import type { ModalView } from '@slack/types';
import type { Deployment } from '../src/domain/deployment.js';
import { truncate } from './kit.js';

export const REJECT_VIEW = 'deploy.reject.reason';

export function rejectReasonModal(d: Deployment): ModalView {
  return {
    type: 'modal',
    callback_id: REJECT_VIEW,
    private_metadata: d.id,
    title: { type: 'plain_text', text: 'Reject deploy' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `Reject *${d.service} → ${d.environment}* at \`${d.sha.slice(0, 7)}\`, requested by <@${d.requestedBy}>?`,
            3000,
          ),
        },
      },
      {
        type: 'input',
        block_id: 'reason',
        label: { type: 'plain_text', text: 'Reason' },
        element: {
          type: 'plain_text_input',
          action_id: 'reason',
          multiline: true,
          max_length: 500,
          placeholder: { type: 'plain_text', text: 'What has to change before this can go out?' },
        },
      },
    ],
  };
}
