package dev.screenshots.api.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: {@code v1,} + base64 of HMAC-SHA256, keyed with the
 * base64-decoded part of the secret after {@code whsec_}, over
 * {@code <webhook-id>.<webhook-timestamp>.<body>}.
 */
public final class WebhookSignature {

	private WebhookSignature() {
	}

	/**
	 * Signs a message with each secret, as Standard Webhooks does during a rotation.
	 * @param secrets {@code whsec_…}, newest first
	 * @param id the {@code webhook-id}
	 * @param timestamp the {@code webhook-timestamp} (seconds since the epoch)
	 * @param body the exact body sent
	 * @return the {@code webhook-signature} header value: the signatures, space-separated
	 */
	public static String sign(List<String> secrets, String id, long timestamp, String body) {
		return secrets.stream().map((secret) -> sign(secret, id, timestamp, body)).collect(Collectors.joining(" "));
	}

	/**
	 * Signs a message with one secret.
	 * @param secret {@code whsec_…}
	 * @param id the {@code webhook-id}
	 * @param timestamp the {@code webhook-timestamp} (seconds since the epoch)
	 * @param body the exact body sent
	 * @return one signature, {@code v1,…}
	 */
	public static String sign(String secret, String id, long timestamp, String body) {
		String encoded = secret.startsWith(WebhookSecrets.PREFIX) ? secret.substring(WebhookSecrets.PREFIX.length())
				: secret;
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
			byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
