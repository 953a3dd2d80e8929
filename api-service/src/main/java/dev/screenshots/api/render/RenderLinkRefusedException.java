package dev.screenshots.api.render;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * A render link that is not signed, not validly signed, or expired: nothing is captured.
 */
class RenderLinkRefusedException extends ApiProblemException {

	private RenderLinkRefusedException(HttpStatus status, String code, String title, String detail) {
		super(status, code, title, detail);
	}

	/**
	 * {@code key} or {@code signature} missing or malformed.
	 * @param detail which
	 * @return the problem, {@code 401}
	 */
	static RenderLinkRefusedException unsigned(String detail) {
		return new RenderLinkRefusedException(HttpStatus.UNAUTHORIZED, "RENDER_LINK_UNSIGNED", "Render link not signed",
				detail);
	}

	/**
	 * The signature does not match the link under any valid secret of the key's tenant
	 * (also when the key is unknown or revoked, which is not told apart).
	 * @return the problem, {@code 403}
	 */
	static RenderLinkRefusedException badSignature() {
		return new RenderLinkRefusedException(HttpStatus.FORBIDDEN, "RENDER_SIGNATURE_INVALID",
				"Render link signature invalid",
				"The signature does not match this link: sign every parameter but 'signature' with the render secret"
						+ " of the key's tenant (GET /render-secret)");
	}

	/**
	 * {@code expires} is in the past.
	 * @return the problem, {@code 403}
	 */
	static RenderLinkRefusedException expired() {
		return new RenderLinkRefusedException(HttpStatus.FORBIDDEN, "RENDER_LINK_EXPIRED", "Render link expired",
				"The link's 'expires' time has passed");
	}

	/**
	 * {@code expires} further ahead than {@code api.render.max-link-lifetime}, which
	 * would make a link that practically never expires, and the tenant has not allowed
	 * those.
	 * @param max the longest lifetime
	 * @return the problem, {@code 403}
	 */
	static RenderLinkRefusedException expiryTooFar(java.time.Duration max) {
		return new RenderLinkRefusedException(HttpStatus.FORBIDDEN, "RENDER_LINK_EXPIRY_TOO_FAR",
				"Render link expires too late", "The link's 'expires' lies more than " + max.toDays()
						+ " days ahead (api.render.max-link-lifetime); the tenant does not allow links that never expire");
	}

	/**
	 * No {@code expires}, and the tenant has not allowed links that never expire.
	 * @return the problem, {@code 403}
	 */
	static RenderLinkRefusedException expiryRequired() {
		return new RenderLinkRefusedException(HttpStatus.FORBIDDEN, "RENDER_LINK_EXPIRY_REQUIRED",
				"Render link must expire", "The link has no 'expires' parameter and the tenant does not allow links"
						+ " that never expire (PATCH /render-secret {\"allowLinksWithoutExpiry\": true})");
	}

}
