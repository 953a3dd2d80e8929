package dev.screenshots.worker.browser;

import java.time.Duration;
import java.util.Set;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;

import dev.screenshots.model.capture.CookieConsent;
import dev.screenshots.worker.blocking.BlockingRules;

/**
 * Answers a page's consent platform with DuckDuckGo's autoconsent, the rule set its
 * browsers use: its content script recognises the platform (OneTrust, Cookiebot, Didomi,
 * Quantcast, TrustArc, Usercentrics, Sourcepoint, Osano, Complianz, the IAB TCF API and a
 * few hundred site rules) and clicks "reject all", or "accept" when the job asks for it.
 * The script talks to this class through a binding, as autoconsent's own Playwright
 * runner does: it asks for its configuration and rules, asks for snippets to be evaluated
 * in its frame, and reports its progress.
 *
 * <p>
 * The script runs only in a page that shows a platform's marker ({@link PageCleaner}
 * decides), once the page has loaded and just before the capture, in each of its frames:
 * a page without a platform does not pay for it, and a banner that a platform added after
 * the page's load event is there to be answered.
 */
final class ConsentAutomation {

	private static final Gson GSON = new Gson();

	private static final Set<String> FINISHED = Set.of("nothingDetected", "optOutSucceeded", "optOutFailed",
			"optInSucceeded", "optInFailed", "done");

	private static final Set<String> WORKING = Set.of("cmpDetected", "openPopupDetected", "runningOptOut",
			"runningOptIn");

	/**
	 * How long a recognised platform may take to show its banner before the page is taken
	 * as it is (platforms that show none to some visitors still load).
	 */
	private static final long NO_BANNER_MS = 2000;

	/**
	 * How long the script may take to ask for its rules before it is taken as not running
	 * (the frame navigated away, or the page broke the binding).
	 */
	private static final long NO_INIT_MS = 1000;

	/**
	 * Frames answered at most: the binding is visible to the page, and each answer
	 * carries the rules (about 700 KB), so a hostile page calling it in a loop must not
	 * make the worker send them without end.
	 */
	private static final int MAX_FRAMES = 50;

	private int framesAnswered;

	private final BlockingRules rules;

	private final CookieConsent answer;

	private boolean bound;

	private volatile String lifecycle = "loading";

	private volatile boolean initialised;

	private volatile long startedAt;

	private volatile long detectedAt;

	private volatile boolean popupOpen;

	/**
	 * @param rules where the script and the rules come from
	 * @param answer what to answer
	 */
	ConsentAutomation(BlockingRules rules, CookieConsent answer) {
		this.rules = rules;
		this.answer = answer;
	}

	/**
	 * Runs the script in every frame of the loaded page and waits, within {@code limit},
	 * until it has found no platform, or has answered the banner it found.
	 * @param page the page
	 * @param limit the longest wait
	 */
	void answer(Page page, Duration limit) {
		if (!this.bound) {
			page.exposeBinding("autoconsentSendMessage", (source, args) -> {
				receive(source.frame(), args);
				return null;
			});
			this.bound = true;
		}
		this.lifecycle = "loading";
		this.initialised = false;
		this.detectedAt = 0;
		this.popupOpen = false;
		this.startedAt = System.nanoTime();
		String script = "() => {\n" + this.rules.consentScript() + "\n}";
		for (Frame frame : page.frames().stream().limit(MAX_FRAMES).toList()) {
			try {
				frame.evaluate(script);
			}
			catch (PlaywrightException ex) {
				// the frame navigated or was detached: nothing to answer there
			}
		}
		awaitAnswer(page, limit);
	}

	private void receive(Frame frame, Object[] args) {
		if (args.length == 0 || args[0] == null) {
			return;
		}
		JsonObject message = GSON.toJsonTree(args[0]).getAsJsonObject();
		String type = message.has("type") ? message.get("type").getAsString() : "";
		boolean top = frame.parentFrame() == null;
		try {
			switch (type) {
				case "init" -> {
					if (++this.framesAnswered <= MAX_FRAMES) {
						this.initialised = true;
						frame.evaluate("(message) => autoconsentReceiveMessage(JSON.parse(message))",
								initResponse(frame.url(), top));
					}
				}
				case "eval" -> {
					Object result;
					try {
						result = frame.evaluate(message.get("code").getAsString());
					}
					catch (PlaywrightException ex) {
						result = false;
					}
					JsonObject reply = new JsonObject();
					reply.addProperty("id", message.get("id").getAsString());
					reply.addProperty("type", "evalResp");
					reply.add("result", GSON.toJsonTree(result));
					frame.evaluate("(message) => autoconsentReceiveMessage(JSON.parse(message))", reply.toString());
				}
				case "report" -> {
					if (top && message.has("state")) {
						String state = message.getAsJsonObject("state").get("lifecycle").getAsString();
						this.lifecycle = state;
					}
				}
				case "cmpDetected" -> {
					if (top && this.detectedAt == 0) {
						this.detectedAt = System.nanoTime();
					}
				}
				case "popupFound" -> {
					this.popupOpen = true;
				}
				default -> {
				}
			}
		}
		catch (PlaywrightException ex) {
			// the frame navigated or was detached: its script is gone with it
		}
	}

	private String initResponse(String url, boolean top) {
		JsonObject config = new JsonObject();
		config.addProperty("enabled", true);
		config.addProperty("autoAction", (this.answer == CookieConsent.ACCEPT) ? "optIn" : "optOut");
		config.add("disabledCmps", new com.google.gson.JsonArray());
		config.addProperty("enablePrehide", true);
		config.addProperty("enableCosmeticRules", true);
		config.addProperty("enableGeneratedRules", true);
		// one detection round: the script runs once the page has loaded, just before the
		// capture, so what it finds is what the picture shows
		config.addProperty("detectRetries", 0);
		// the script is evaluated in the page's own world: snippets are evaluated in
		// place
		config.addProperty("isMainWorld", true);
		JsonObject logs = new JsonObject();
		logs.addProperty("errors", false);
		config.add("logs", logs);
		return "{\"type\":\"initResp\",\"config\":" + config + ",\"rules\":"
				+ this.rules.consentRules(url, top, this.answer == CookieConsent.ACCEPT) + "}";
	}

	/**
	 * Waits, within {@code limit}, until the capture may go on (see {@link #settled()}).
	 */
	private void awaitAnswer(Page page, Duration limit) {
		if (settled()) {
			return;
		}
		try {
			// the script's messages are handled while Playwright waits; it checks the
			// condition after each one, and at least every 10 ms for the time-based part
			page.waitForCondition(this::settled, new Page.WaitForConditionOptions().setTimeout(limit.toMillis()));
		}
		catch (TimeoutError ex) {
			// the platform did not finish in time: the page is taken as it is
		}
	}

	/**
	 * Whether the capture may go on: the script is not running (no frame asked for its
	 * rules within {@link #NO_INIT_MS}), has finished (nothing detected, or answered), or
	 * recognised a platform that showed no banner for {@link #NO_BANNER_MS}; an open
	 * banner is waited for.
	 */
	private boolean settled() {
		if (FINISHED.contains(this.lifecycle)) {
			return true;
		}
		if (!this.initialised) {
			return (System.nanoTime() - this.startedAt) / 1_000_000 >= NO_INIT_MS;
		}
		if (this.popupOpen || WORKING.contains(this.lifecycle) && !"cmpDetected".equals(this.lifecycle)) {
			return false;
		}
		long detected = this.detectedAt;
		return detected != 0 && (System.nanoTime() - detected) / 1_000_000 >= NO_BANNER_MS;
	}

}
