package dev.screenshots.api;

import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.Browsers;
import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The try-it page served at {@code /}, driven by a real browser against the running
 * system: every control is found by its label (as assistive technology finds it), the
 * form is submitted from the keyboard, the page follows the job live and shows the image
 * and the job in the recent list.
 */
class WebPageIntegrationTests {

	static TestInfrastructure infrastructure;

	static TestPages pages;

	static SystemUnderTest system;

	static Playwright playwright;

	static Browser browser;

	@BeforeAll
	static void start() {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		system = new SystemUnderTest("web", infrastructure).startApi(Map.of()).startWorker(Map.of());
		playwright = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		browser = playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(Browsers.chromium())
				.setHeadless(true)
				.setTimeout(Waits.scaled(Waits.ONE_JOB).toMillis()));
		// Playwright's assertions retry for 5 s by default: a wait like any other
		PlaywrightAssertions.setDefaultAssertionTimeout(Waits.scaled(Waits.MOMENT).toMillis());
	}

	@AfterAll
	static void stop() {
		Closeables.closeAll(browser, playwright, system, pages, infrastructure);
	}

	@Test
	void aCaptureSubmittedThroughThePageIsFollowedLiveAndItsImageShown() {
		String url = pages.html("/from-the-page", TestPages.solidColour("rgb(30, 60, 200)"));
		try (Page page = newPage()) {
			page.navigate("http://127.0.0.1:" + system.apiPort(0) + "/");
			assertThat(page).hasTitle("Screenshot service");

			page.getByLabel("API key").fill(ApiClient.TEST_ADMIN_KEY);
			page.getByLabel("Viewport or device").selectOption("Desktop 1440");
			page.getByLabel("Full page").check();
			page.getByLabel("Metadata").check();
			page.getByLabel("Visible text").check();
			page.getByLabel("Thumbnail width (pixels, empty for none)").fill("360");
			Locator urlField = page.getByLabel("URL", new Page.GetByLabelOptions().setExact(true));
			urlField.fill(url);
			urlField.press("Enter"); // submitted from the keyboard

			Locator image = page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("Screenshot of " + url));
			assertThat(image)
				.isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(Waits.scaled(Waits.ONE_JOB).toMillis()));
			assertThat((Integer) image.evaluate("img => img.naturalWidth")).isEqualTo(1440);
			assertThat(page.locator("#steps li")).hasCount(8);
			assertThat(page.locator("#steps li").last()).hasAttribute("data-status", "completed");
			assertThat(page.locator("#job-status")).containsText("completed");
			String jobId = page.locator("#job-status").textContent().replaceAll("^Job (\\S+):.*$", "$1");
			assertThat(page.locator("#recent tr[data-id='" + jobId + "']")).containsText("completed");
			assertThat(page.getByRole(AriaRole.ALERT)).isEmpty();

			Locator thumbnail = page.getByRole(AriaRole.IMG,
					new Page.GetByRoleOptions().setName("Thumbnail, 360 × 225"));
			assertThat(thumbnail).isVisible();
			assertThat((Integer) thumbnail.evaluate("img => img.naturalWidth")).isEqualTo(360);
			Locator artifacts = page.getByRole(AriaRole.LISTITEM)
				.filter(new Locator.FilterOptions().setHasText("bytes"));
			assertThat(artifacts).hasCount(3);
			assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("metadata"))).isVisible();
			assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("text"))).isVisible();
			Object metadata = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("metadata"))
				.evaluate("link => fetch(link.href).then((answer) => answer.json()).then((json) => json.status)");
			assertThat(metadata).isEqualTo(200);
			page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
				.setPath(java.nio.file.Path.of("target", "web-page-with-artifacts.png")));
		}
	}

	@Test
	void aComparisonIsShownSideBySideAndAChangeCanBeApproved() {
		String url = pages.html("/compared-on-the-page", box(100));
		try (Page page = newPage()) {
			page.navigate("http://127.0.0.1:" + system.apiPort(0) + "/");
			page.getByLabel("API key").fill(ApiClient.TEST_ADMIN_KEY);
			page.getByLabel("URL", new Page.GetByLabelOptions().setExact(true)).fill(url);
			page.getByLabel("Compare with baseline (name, empty for none)").fill("web-home");
			page.getByLabel("Create the baseline when it is missing").check();
			Locator capture = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Capture"));
			Locator status = page.locator("#comparison-status");
			LocatorAssertions.ContainsTextOptions oneJob = new LocatorAssertions.ContainsTextOptions()
				.setTimeout(Waits.scaled(Waits.ONE_JOB).toMillis());
			capture.click();
			assertThat(status).containsText("this capture is now its version 1", oneJob);

			pages.html("/compared-on-the-page", box(400));
			capture.click();
			assertThat(status).containsText("Changed", oneJob);
			assertThat(status).containsText("v1");
			for (String name : new String[] { "Baseline web-home", "This capture", "Difference" }) {
				Locator image = page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName(name).setExact(true));
				assertThat(image).isVisible();
				assertThat((Integer) image.evaluate("img => img.naturalWidth")).as(name).isEqualTo(1280);
			}
			page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
				.setPath(java.nio.file.Path.of("target", "web-page-with-comparison.png")));
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve as the new baseline")).click();
			assertThat(status).containsText("is now version 2");
		}
	}

	private static String box(int left) {
		return "<!doctype html><html><body style='margin:0;background:white'><h1 style='margin:20px'>Pricing</h1>"
				+ "<div style='position:absolute;top:100px;left:" + left
				+ "px;width:100px;height:100px;background:rgb(200,30,30)'></div></body></html>";
	}

	@Test
	void aRefusedRequestIsExplainedOnThePage() {
		try (Page page = newPage()) {
			page.navigate("http://127.0.0.1:" + system.apiPort(0) + "/");
			// one input at a time: the HTML field shows only when HTML is chosen
			Locator html = page.getByLabel("HTML document");
			assertThat(html).isHidden();
			page.getByLabel("HTML", new Page.GetByLabelOptions().setExact(true)).check();
			assertThat(html).isVisible();
			assertThat(page.getByLabel("URL", new Page.GetByLabelOptions().setExact(true))).isHidden();
			page.getByLabel("A URL").check();

			page.getByLabel("API key").fill(ApiClient.TEST_ADMIN_KEY);
			page.getByLabel("URL", new Page.GetByLabelOptions().setExact(true)).fill("ftp://example.com/file");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Capture")).click();

			assertThat(page.getByRole(AriaRole.ALERT)).containsText("url");
		}
	}

	/**
	 * A page whose actions and navigations wait as long as {@link Waits} allows
	 * (Playwright's default is 30 s).
	 */
	private static Page newPage() {
		Page page = browser.newPage();
		page.setDefaultTimeout(Waits.scaled(Waits.MOMENT).toMillis());
		return page;
	}

}
