/** Only what sending a message needs, so that the bundle keeps no other SQS command. */
export { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
