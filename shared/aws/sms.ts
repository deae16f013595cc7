/**
 * SMS on AWS through AWS End User Messaging SMS (the pinpoint-sms-voice-v2 API): one transactional
 * message per outbox item. Chosen over SNS's SMS publishing because a one-to-one message needs no
 * topic, and End User Messaging — which SNS SMS itself now runs on — exposes what a bureau sending to
 * mainland numbers has to manage: registered origination identities (sender ID / number), opt-out
 * lists, spend limits and configuration sets with delivery events.
 * `SMS_ORIGINATION_IDENTITY` and `SMS_CONFIGURATION_SET` are optional deployment settings.
 */
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import type { SmsSender } from "#shared/notify/deliver.ts";

let client: PinpointSMSVoiceV2Client | undefined;

export function endUserMessagingSender(): SmsSender {
	client ??= new PinpointSMSVoiceV2Client({});
	const origination = process.env.SMS_ORIGINATION_IDENTITY;
	const configurationSet = process.env.SMS_CONFIGURATION_SET;
	return {
		async send({ phone, text, key }) {
			const out = await (client as PinpointSMSVoiceV2Client).send(
				new SendTextMessageCommand({
					DestinationPhoneNumber: `+86${phone}`,
					MessageBody: text,
					MessageType: "TRANSACTIONAL",
					...(origination ? { OriginationIdentity: origination } : {}),
					...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
					Context: { outbox: key.slice(0, 100) },
				}),
			);
			return { messageId: out.MessageId ?? "" };
		},
	};
}
