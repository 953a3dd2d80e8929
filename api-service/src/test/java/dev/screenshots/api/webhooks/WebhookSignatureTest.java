package dev.screenshots.api.webhooks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

	// the test vector published with the Standard Webhooks reference libraries
	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	static final long TIMESTAMP = 1614265330;

	static final String BODY = "{\"test\": 2432232314}";

	@Test
	void reproducesTheStandardWebhooksTestVector() {
		assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY))
			.isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

	@Test
	void theSecretPrefixIsOptionalAndEveryPartIsSigned() {
		String signature = WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY);
		assertThat(WebhookSignature.sign(SECRET.substring("whsec_".length()), ID, TIMESTAMP, BODY))
			.isEqualTo(signature);
		assertThat(WebhookSignature.sign(SECRET, ID + "x", TIMESTAMP, BODY)).isNotEqualTo(signature);
		assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP + 1, BODY)).isNotEqualTo(signature);
		assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY + " ")).isNotEqualTo(signature);
	}

	@Test
	void duringARotationEverySecretSignsNewestFirst() {
		String previous = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
		assertThat(WebhookSignature.sign(List.of(SECRET, previous), ID, TIMESTAMP, BODY))
			.isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= "
					+ WebhookSignature.sign(previous, ID, TIMESTAMP, BODY));
		assertThat(WebhookSignature.sign(List.of(SECRET), ID, TIMESTAMP, BODY))
			.isEqualTo(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY));
	}

}
