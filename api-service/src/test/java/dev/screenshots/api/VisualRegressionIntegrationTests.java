package dev.screenshots.api;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Baselines and comparisons on real Chromium and S3, through the API and a worker: the
 * pixel figures of identical pages, a moved element, ignored regions and selectors,
 * anti-aliasing, approval and automatic creation.
 */
class VisualRegressionIntegrationTests {

	static TestInfrastructure infrastructure;

	static TestPages pages;

	static SystemUnderTest system;

	static ApiClient client;

	@BeforeAll
	static void startSystem() {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		system = new SystemUnderTest("visual", infrastructure).startApi(Map.of()).startWorker(Map.of());
		client = system.client();
	}

	@AfterAll
	static void stopSystem() {
		Closeables.closeAll(system, pages, infrastructure);
	}

	@Test
	void identicalPagesGiveNoChangedPixelsAndAMovedElementIsAChangeShownWhereItHappened() throws IOException {
		String url = pages.html("/moving", box(100));
		String first = completed(capture(url, null));
		ApiClient.Response set = client.put("/baselines/home", "{\"jobId\":\"" + first + "\"}");
		assertThat(set.status()).as(set.toString()).isEqualTo(201);
		assertThat(set.json().path("currentVersion").asInt()).isEqualTo(1);
		assertThat(set.json().path("current").path("origin").asString()).isEqualTo("set");

		String hook = ",\"webhook\":{\"url\":\"" + pages.url("/hook") + "\",\"events\":[\"changed\"]}";
		JsonNode same = job(completed(capture(url, "{\"baseline\":\"home\"}" + hook)));
		JsonNode comparison = same.path("result").path("comparison");
		assertThat(comparison.path("status").asString()).as(comparison.toString()).isEqualTo("same");
		assertThat(comparison.path("diffPixels").asInt()).isZero();
		assertThat(comparison.path("mismatchPercent").asDouble()).isZero();
		assertThat(comparison.path("baselineVersion").asInt()).isEqualTo(1);
		assertThat(same.path("options").path("disableAnimations").asBoolean()).as("still by default").isTrue();

		pages.html("/moving", box(400));
		JsonNode moved = job(completed(capture(url, "{\"baseline\":\"home\"}" + hook)));
		JsonNode deliveries = client.get("/screenshots/" + moved.path("id").asString() + "/webhook-deliveries").json();
		assertThat(deliveries.valueStream().map((delivery) -> delivery.path("event").asString()))
			.as("screenshot.changed, and nothing for completed")
			.containsExactly("changed");
		assertThat(client.get("/screenshots/" + same.path("id").asString() + "/webhook-deliveries").json().size())
			.as("no change, no event")
			.isZero();
		comparison = moved.path("result").path("comparison");
		assertThat(comparison.path("status").asString()).as(comparison.toString()).isEqualTo("changed");
		assertThat(comparison.path("changed").asBoolean()).isTrue();
		// a 100 × 100 box moved: its old and its new place, 20,000 of 921,600 pixels
		assertThat(comparison.path("diffPixels").asInt()).isBetween(19_000, 21_000);
		assertThat(comparison.path("mismatchPercent").asDouble()).isBetween(2.0, 2.3);
		assertThat(comparison.path("diffImage").asString()).endsWith("/artifacts/diff");
		BufferedImage diff = image("/screenshots/" + moved.path("id").asString() + "/artifacts/diff");
		assertThat(diff.getWidth()).isEqualTo(1280);
		assertThat(rgb(diff, 150, 150)).as("where the box was").isEqualTo(0xFF0000);
		assertThat(rgb(diff, 450, 150)).as("where it is").isEqualTo(0xFF0000);
		assertThat(rgb(diff, 900, 500)).as("unchanged: faded").isNotEqualTo(0xFF0000);
		assertThat(rgb(diff, 900, 500) & 0xFF).isGreaterThan(200);

		ApiClient.Response approved = client.post("/screenshots/" + moved.path("id").asString() + "/approve",
				"application/json", "");
		assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
		assertThat(approved.json().path("currentVersion").asInt()).isEqualTo(2);
		assertThat(approved.json().path("current").path("origin").asString()).isEqualTo("approved");
		assertThat(approved.json().path("versions").size()).isEqualTo(2);
		ApiClient.Response again = client.post("/screenshots/" + moved.path("id").asString() + "/approve",
				"application/json", "");
		assertThat(again.json().path("currentVersion").asInt()).as("a job makes one version").isEqualTo(2);
		JsonNode afterApproval = job(completed(capture(url, "{\"baseline\":\"home\"}")));
		assertThat(afterApproval.path("result").path("comparison").path("status").asString()).isEqualTo("same");
		assertThat(afterApproval.path("result").path("comparison").path("baselineVersion").asInt()).isEqualTo(2);
		BufferedImage baseline = image("/baselines/home/image");
		assertThat(rgb(baseline, 450, 150)).as("the approved picture").isEqualTo(0x000000);
		BufferedImage firstVersion = image("/baselines/home/image?version=1");
		assertThat(rgb(firstVersion, 150, 150)).isEqualTo(0x000000);
	}

	@Test
	void ignoredRegionsAndSelectorsAreNotCounted() {
		String url = pages.html("/clock", clock("10:00", 100));
		String first = completed(capture(url, null));
		assertThat(client.put("/baselines/clock", "{\"jobId\":\"" + first + "\"}").status()).isEqualTo(201);
		pages.html("/clock", clock("11:59", 100));

		JsonNode plain = comparison(completed(capture(url, "{\"baseline\":\"clock\"}")));
		assertThat(plain.path("status").asString()).isEqualTo("changed");
		JsonNode bySelector = comparison(
				completed(capture(url, "{\"baseline\":\"clock\",\"ignoreSelectors\":[\"#clock\"]}")));
		assertThat(bySelector.path("status").asString()).as(bySelector.toString()).isEqualTo("same");
		assertThat(bySelector.path("ignoredPixels").asInt()).isGreaterThanOrEqualTo(200 * 60);
		JsonNode byRegion = comparison(completed(capture(url,
				"{\"baseline\":\"clock\",\"ignoreRegions\":[{\"x\":90,\"y\":90,\"width\":240,\"height\":90}]}")));
		assertThat(byRegion.path("status").asString()).as(byRegion.toString()).isEqualTo("same");
		JsonNode tolerated = comparison(completed(capture(url, "{\"baseline\":\"clock\",\"maxMismatchPercent\":5}")));
		assertThat(tolerated.path("status").asString()).isEqualTo("same");
		assertThat(tolerated.path("diffPixels").asInt()).isPositive();
	}

	@Test
	void onePixelOfALargePageIsAChangeThoughItsShareRoundsToZero() {
		String url = pages.html("/tall", tall("white"));
		String first = completed(capture(url, null, "{\"fullPage\":true}"));
		assertThat(client.put("/baselines/tall", "{\"jobId\":\"" + first + "\"}").status()).isEqualTo(201);
		pages.html("/tall", tall("black"));

		JsonNode comparison = comparison(completed(capture(url, "{\"baseline\":\"tall\"}", "{\"fullPage\":true}")));

		assertThat(comparison.path("diffPixels").asInt()).isEqualTo(1);
		assertThat(comparison.path("comparedPixels").asInt()).isGreaterThan(2_000_000);
		assertThat(comparison.path("mismatchPercent").asDouble()).isZero();
		assertThat(comparison.path("status").asString()).isEqualTo("changed");
	}

	@Test
	void imagesOfDifferentSizesCompareOnTheirCommonAreaAndReportTheSizeChange() throws IOException {
		String url = pages.html("/resized", box(100));
		String first = completed(capture(url, null));
		assertThat(client.put("/baselines/sizes", "{\"jobId\":\"" + first + "\"}").status()).isEqualTo(201);

		JsonNode taller = job(completed(capture(url, "{\"baseline\":\"sizes\"}", "{\"height\":800}")));

		JsonNode comparison = taller.path("result").path("comparison");
		assertThat(comparison.path("status").asString()).as(comparison.toString()).isEqualTo("size_changed");
		assertThat(comparison.path("changed").asBoolean()).isTrue();
		assertThat(comparison.path("height").asInt()).isEqualTo(800);
		assertThat(comparison.path("baselineHeight").asInt()).isEqualTo(720);
		assertThat(comparison.path("diffPixels").asInt()).as("the shared 1280 × 720 are the same").isZero();
		assertThat(comparison.path("comparedPixels").asInt()).isEqualTo(1280 * 720);
		BufferedImage diff = image("/screenshots/" + taller.path("id").asString() + "/artifacts/diff");
		assertThat(diff.getHeight()).isEqualTo(720);
	}

	@Test
	void antiAliasingDifferencesAreNotCounted() throws IOException {
		String url = pages.html("/round", circle("0px"));
		String first = completed(capture(url, null));
		assertThat(client.put("/baselines/round", "{\"jobId\":\"" + first + "\"}").status()).isEqualTo(201);
		pages.html("/round", circle("0.4px"));

		JsonNode shifted = job(completed(capture(url, "{\"baseline\":\"round\"}")));

		BufferedImage before = image("/baselines/round/image");
		BufferedImage after = image("/screenshots/" + shifted.path("id").asString() + "/image");
		int naive = 0;
		for (int y = 0; y < before.getHeight(); y++) {
			for (int x = 0; x < before.getWidth(); x++) {
				naive += (before.getRGB(x, y) != after.getRGB(x, y)) ? 1 : 0;
			}
		}
		int counted = shifted.path("result").path("comparison").path("diffPixels").asInt();
		assertThat(naive).as("the shift changed the circle's edge").isGreaterThan(50);
		assertThat(counted).as("anti-aliased edge pixels are not counted (%d of %d differ)", counted, naive)
			.isLessThan(naive / 4);
	}

	@Test
	void aMissingBaselineIsCreatedWhenAskedAndBaselinesCanBeListedAndDeleted() {
		String url = pages.html("/fresh", box(10));
		JsonNode none = comparison(completed(capture(url, "{\"baseline\":\"fresh\"}")));
		assertThat(none.path("status").asString()).isEqualTo("no_baseline");
		assertThat(none.has("created")).isFalse();
		assertThat(client.get("/baselines/fresh").status()).isEqualTo(404);

		JsonNode created = comparison(completed(capture(url, "{\"baseline\":\"fresh\",\"autoCreate\":true}")));
		assertThat(created.path("status").asString()).isEqualTo("no_baseline");
		assertThat(created.path("created").asBoolean()).isTrue();
		JsonNode baseline = client.get("/baselines/fresh").json();
		assertThat(baseline.path("current").path("origin").asString()).isEqualTo("auto");
		assertThat(comparison(completed(capture(url, "{\"baseline\":\"fresh\",\"autoCreate\":true}"))).path("status")
			.asString()).isEqualTo("same");
		assertThat(client.get("/baselines").json().path("items").valueStream().map((b) -> b.path("name").asString()))
			.contains("fresh");

		assertThat(client.delete("/baselines/fresh").status()).isEqualTo(204);
		assertThat(client.get("/baselines/fresh").status()).isEqualTo(404);
		assertThat(client.delete("/baselines/fresh").status()).isEqualTo(404);
	}

	@Test
	void badBaselineRequestsAreRefusedNamingTheField() {
		ApiClient.Response badName = client.put("/baselines/no%20spaces",
				"{\"jobId\":\"" + java.util.UUID.randomUUID() + "\"}");
		assertThat(badName.status()).isEqualTo(400);
		assertThat(badName.json().path("errors").get(0).path("field").asString()).isEqualTo("name");
		ApiClient.Response noJob = client.put("/baselines/x", "{}");
		assertThat(noJob.status()).isEqualTo(400);
		assertThat(noJob.json().path("errors").get(0).path("field").asString()).isEqualTo("jobId");
		ApiClient.Response pdfCompare = client.submit("{\"url\":\"" + pages.url("/fresh")
				+ "\",\"options\":{\"format\":\"pdf\"},\"compare\":{\"baseline\":\"x\"}}");
		assertThat(pdfCompare.status()).isEqualTo(400);
		ApiClient.Response badCompare = client
			.submit("{\"url\":\"" + pages.url("/fresh") + "\",\"compare\":{\"baseline\":\"x\",\"threshold\":2}}");
		assertThat(badCompare.status()).isEqualTo(400);
		assertThat(badCompare.json().path("errors").get(0).path("field").asString()).isEqualTo("compare.threshold");
		String pdf = completed(
				client.submit("{\"url\":\"" + pages.html("/doc", box(10)) + "\",\"options\":{\"format\":\"pdf\"}}")
					.json()
					.path("id")
					.asString());
		ApiClient.Response notAnImage = client.put("/baselines/x", "{\"jobId\":\"" + pdf + "\"}");
		assertThat(notAnImage.status()).isEqualTo(422);
		assertThat(notAnImage.json().path("code").asString()).isEqualTo("NOT_AN_IMAGE");
		ApiClient.Response notCompared = client.post("/screenshots/" + pdf + "/approve", "application/json", "");
		assertThat(notCompared.status()).isEqualTo(422);
		String huge = capture(pages.html("/huge", "<!doctype html><body style='margin:0;height:10000px'>"),
				"{\"baseline\":\"huge\"}", "{\"fullPage\":true}");
		JsonNode refused = client.awaitTerminal(huge);
		assertThat(refused.path("status").asString()).isEqualTo("failed");
		assertThat(refused.path("error").path("code").asString()).isEqualTo("INVALID_REQUEST");
		assertThat(refused.path("error").path("message").asString()).contains("12 megapixels");
	}

	/**
	 * Submits a capture; {@code compare} is the compare object, optionally followed by
	 * more fields.
	 */
	private static String capture(String url, String compare) {
		return capture(url, compare, null);
	}

	private static String capture(String url, String compare, String options) {
		ApiClient.Response accepted = client
			.submit("{\"url\":\"" + url + "\"" + ((options != null) ? ",\"options\":" + options : "")
					+ ((compare != null) ? ",\"compare\":" + compare : "") + "}");
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		return accepted.json().path("id").asString();
	}

	private static String completed(String id) {
		JsonNode job = client.awaitTerminal(id);
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("completed");
		return id;
	}

	private static JsonNode job(String id) {
		return client.get("/screenshots/" + id).json();
	}

	private static JsonNode comparison(String id) {
		return job(id).path("result").path("comparison");
	}

	private static BufferedImage image(String path) throws IOException {
		ApiClient.Response answer = client.get(path);
		assertThat(answer.status()).as(path).isEqualTo(200);
		return ImageIO.read(new ByteArrayInputStream(answer.body()));
	}

	private static int rgb(BufferedImage image, int x, int y) {
		return image.getRGB(x, y) & 0xFFFFFF;
	}

	private static String box(int left) {
		return "<!doctype html><html><body style='margin:0;background:white'><div style='position:absolute;top:100px;left:"
				+ left + "px;width:100px;height:100px;background:black'></div></body></html>";
	}

	private static String clock(String time, int left) {
		return "<!doctype html><html><body style='margin:0;background:white'><h1 style='margin:20px'>Dashboard</h1>"
				+ "<div id='clock' style='position:absolute;top:100px;left:" + left
				+ "px;width:200px;height:60px;font:40px monospace'>" + time + "</div></body></html>";
	}

	/** A page 2,000 pixels tall with one pixel near the bottom in the colour given. */
	private static String tall(String dot) {
		return "<!doctype html><html><body style='margin:0;background:white;height:2000px'>"
				+ "<div style='position:absolute;top:1900px;left:600px;width:1px;height:1px;background:" + dot
				+ "'></div></body></html>";
	}

	private static String circle(String shift) {
		return "<!doctype html><html><body style='margin:0;background:white'><div style='position:absolute;top:100px;"
				+ "left:100px;width:120px;height:120px;border-radius:50%;background:#222;transform:translateX(" + shift
				+ ")'></div></body></html>";
	}

}
