package dev.screenshots.worker.browser;

import com.microsoft.playwright.PlaywrightException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlaywrightErrorsTest {

	@Test
	void keepsOnlyTheMessageLineOfAPlaywrightError() {
		PlaywrightException ex = new PlaywrightException("""
				Error {
				  message='net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/
				Call log:
				  - navigating to "http://127.0.0.1:1/", waiting until "load"
				'
				  name='Error'
				  stack='Error: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/
				    at Frame.goto (/tmp/playwright-java/package/lib/server/frames.js:1)'
				}""");
		assertThat(PlaywrightErrors.summary(ex)).isEqualTo("net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/");
	}

	@Test
	void plainMessagesAreKeptAndLongOnesCut() {
		assertThat(PlaywrightErrors.summary(new PlaywrightException("Target closed"))).isEqualTo("Target closed");
		String summary = PlaywrightErrors.summary(new PlaywrightException("x".repeat(1000)));
		assertThat(summary).hasSize(301).endsWith("…");
	}

}
