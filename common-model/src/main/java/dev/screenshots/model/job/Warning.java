package dev.screenshots.model.job;

/**
 * Stable codes of what a completed job's picture may not show as the client meant it,
 * listed in {@code result.warnings}. Clients may switch on the name; it never changes
 * once published.
 */
public enum Warning {

	/** The picture is one colour: nothing was drawn, or a blank page was captured. */
	BLANK_IMAGE("The image is a single colour."),
	/**
	 * The main document answered with an HTTP error status ({@code failOnHttpError} was
	 * not asked, so the job completed).
	 */
	HTTP_ERROR_STATUS("The page answered with an HTTP error status."),
	/** A consent platform's banner or wall was on the page and was not dismissed. */
	CONSENT_WALL("A cookie-consent banner or wall was on the page."),
	/** The page is a known bot-challenge or captcha page, not the page asked for. */
	CHALLENGE_PAGE("The page is a bot challenge or captcha page.");

	private final String description;

	Warning(String description) {
		this.description = description;
	}

	/**
	 * A short, safe description for clients.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
