package dev.screenshots.worker.browser;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Chromium's transient refusal of a screenshot is taken again within the attempt, after
 * the next frame; other errors and a refusal that persists are not hidden.
 */
class PageRendererTest {

	private static final String REFUSED = """
			Error {
			  message='Protocol error (Page.captureScreenshot): Unable to capture screenshot
			  name='Error'
			}""";

	private final BrowserContext context = mock(BrowserContext.class);

	private final Page page = mock(Page.class);

	private final AtomicInteger retries = new AtomicInteger();

	private final PageRenderer renderer = new PageRenderer(this.context, this.page, this.retries::incrementAndGet);

	@Test
	void refusedScreenshotIsTakenAgainAfterTheNextFrame() {
		byte[] png = { 1, 2, 3 };
		when(this.page.screenshot(any())).thenThrow(new PlaywrightException(REFUSED))
			.thenThrow(new PlaywrightException(REFUSED))
			.thenReturn(png);

		assertThat(this.renderer.render(CaptureSpec.png(Duration.ofSeconds(10)))).isSameAs(png);

		assertThat(this.retries).hasValue(2);
		verify(this.page, times(3)).screenshot(any());
		verify(this.page, times(2)).evaluate(anyString());
		verify(this.page, times(2)).waitForTimeout(anyDouble());
	}

	@Test
	void aRefusalThatPersistsFailsAfterTheBoundedRetries() {
		when(this.page.screenshot(any())).thenThrow(new PlaywrightException(REFUSED));

		assertThatExceptionOfType(PlaywrightException.class)
			.isThrownBy(() -> this.renderer.render(CaptureSpec.png(Duration.ofSeconds(10))))
			.withMessageContaining("Unable to capture screenshot");

		assertThat(this.retries).hasValue(PageRenderer.MAX_REFUSALS);
		verify(this.page, times(PageRenderer.MAX_REFUSALS + 1)).screenshot(any());
	}

	@Test
	void otherErrorsAreNotRetried() {
		when(this.page.screenshot(any()))
			.thenThrow(new PlaywrightException("Target page, context or browser has been closed"));

		assertThatExceptionOfType(PlaywrightException.class)
			.isThrownBy(() -> this.renderer.render(CaptureSpec.png(Duration.ofSeconds(10))))
			.withMessageContaining("closed");

		assertThat(this.retries).hasValue(0);
		verify(this.page, times(1)).screenshot(any());
		verify(this.page, never()).evaluate(anyString());
	}

	@Test
	void noRetryOnceTheCapturesTimeLimitIsSpent() {
		when(this.page.screenshot(any())).thenThrow(new PlaywrightException(REFUSED));

		assertThatExceptionOfType(PlaywrightException.class)
			.isThrownBy(() -> this.renderer.render(CaptureSpec.png(Duration.ZERO)));

		assertThat(this.retries).hasValue(0);
	}

}
