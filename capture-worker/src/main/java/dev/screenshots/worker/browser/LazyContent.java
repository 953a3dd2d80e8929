package dev.screenshots.worker.browser;

import java.time.Duration;
import java.util.List;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full-page capture's scroll-through, made only when something on the page can react
 * to it.
 * <p>
 * Content loads lazily in three ways: native {@code loading="lazy"} images and iframes,
 * an {@link #WATCH IntersectionObserver}, or a scroll listener on the window or document.
 * A script put in every context before its pages load notes the last two (in every frame:
 * an observer in an iframe sees the top-level viewport too); the first is a query. A page
 * with none of them is not scrolled at all, which is most of the scroll-through's cost on
 * a long page (1.7 s on the benchmark's 12,000 px page, 100 ms a screen). When something
 * lazy is there, the page is scrolled a screen at a time:
 * <ul>
 * <li>with a scroll listener, 100 ms a screen, so a throttled or debounced handler runs
 * at each position;</li>
 * <li>with only observers and lazy attributes, two animation frames a screen: an
 * observer's callback and Chromium's lazy loading run in the frame after the scroll.</li>
 * </ul>
 * Back at the top, it waits (at most {@link #IMAGE_WAIT}) for the images in the captured
 * area that started loading, so the last screens' images are in the picture. What loads
 * by polling the scroll position with a timer is not seen: such a page can scroll itself
 * with a {@code scroll} action.
 */
final class LazyContent {

	private static final Logger log = LoggerFactory.getLogger(LazyContent.class);

	/** What {@link #SCROLL_THROUGH} answers when it did not scroll. */
	private static final String NOTHING_LAZY = "nothing lazy";

	/** The longest wait for the images a scroll-through started. */
	static final Duration IMAGE_WAIT = Duration.ofSeconds(3);

	/**
	 * Notes, in a frame, whether anything observes intersections or listens to the
	 * window's or document's scrolling, under a registered symbol (a property no page
	 * enumerating the window's keys comes across). The two functions are wrapped in
	 * proxies, which call the originals with the same arguments and return what they
	 * return, and still print as native code, so a page that checks them sees no change.
	 * A bare {@code addEventListener(…)} reaches the proxy with no receiver: that is the
	 * window's.
	 */
	private static final String WATCH = """
			(() => {
			  const key = Symbol.for('screenshots.lazy');
			  if (window[key]) return;
			  const marks = { observed: false, scroll: false };
			  Object.defineProperty(window, key, { value: marks });
			  if (window.IntersectionObserver) {
			    IntersectionObserver.prototype.observe = new Proxy(IntersectionObserver.prototype.observe, {
			      apply(observe, target, args) {
			        marks.observed = true;
			        return Reflect.apply(observe, target, args);
			      },
			    });
			  }
			  EventTarget.prototype.addEventListener = new Proxy(EventTarget.prototype.addEventListener, {
			    apply(add, target, args) {
			      if (args[0] === 'scroll' && (target == null || target === window || target === document)) marks.scroll = true;
			      return Reflect.apply(add, target, args);
			    },
			  });
			})();""";

	/** Whether a frame has anything lazy: the main frame's test, for child frames. */
	private static final String FRAME_IS_LAZY = """
			() => {
			  const marks = window[Symbol.for('screenshots.lazy')] || {};
			  return Boolean(marks.observed || marks.scroll
			      || document.querySelector('img[loading=lazy],iframe[loading=lazy]'));
			}""";

	/**
	 * Scrolls down a screen at a time until the end, {@code maxHeight} or the deadline,
	 * back to the top, and waits for the images that started loading. Answers what it
	 * did.
	 */
	private static final String SCROLL_THROUGH = """
			async ([maxHeight, budget, imageWait, framesLazy]) => {
			  const deadline = Date.now() + budget;
			  const marks = window[Symbol.for('screenshots.lazy')] || {};
			  const listens = Boolean(marks.scroll || window.onscroll || document.onscroll);
			  if (!listens && !marks.observed && !framesLazy
			      && !document.querySelector('img[loading=lazy],iframe[loading=lazy]')) {
			    return 'nothing lazy';
			  }
			  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
			  const settle = listens ? () => new Promise((resolve) => setTimeout(resolve, 100))
			      : async () => { await frame(); await frame(); };
			  const height = () => Math.min(maxHeight, Math.max(document.documentElement.scrollHeight,
			      document.body ? document.body.scrollHeight : 0));
			  const step = Math.max(200, window.innerHeight);
			  let screens = 0;
			  for (let y = step; y < height() && Date.now() < deadline; y += step) {
			    window.scrollTo(0, y);
			    screens++;
			    await settle();
			  }
			  window.scrollTo(0, 0);
			  await settle();
			  const inArea = (image) => {
			    const box = image.getBoundingClientRect();
			    return box.width > 0 && box.height > 0 && box.top + window.scrollY < maxHeight
			        && box.right > 0 && box.left < window.innerWidth;
			  };
			  const pending = Array.from(document.images).filter((image) => !image.complete && inArea(image));
			  const loaded = (image) => new Promise((resolve) => {
			    image.addEventListener('load', resolve, { once: true });
			    image.addEventListener('error', resolve, { once: true });
			  });
			  const wait = Math.max(0, Math.min(imageWait, deadline - Date.now()));
			  await Promise.race([Promise.all(pending.map(loaded)),
			      new Promise((resolve) => setTimeout(resolve, wait))]);
			  await frame();
			  return (listens ? 'scroll listener, ' : 'observed, ') + screens + ' screens, '
			      + pending.length + ' images waited for';
			}""";

	private LazyContent() {
	}

	/**
	 * Makes every page of a context note what could load lazily.
	 * @param context a context in which JavaScript runs, before its pages load
	 */
	static void watch(BrowserContext context) {
		context.addInitScript(WATCH);
	}

	/**
	 * Scrolls through the page when anything on it loads lazily, within the time limit;
	 * what has not loaded by then is captured as it is.
	 * @param page the loaded page
	 * @param maxHeight how far to scroll at most, in CSS pixels
	 * @param timeout the time limit
	 */
	static void scrollThrough(Page page, int maxHeight, Duration timeout) {
		try {
			Object outcome = scroll(page, maxHeight, timeout, false);
			// the child frames are asked only when the main frame has nothing lazy: most
			// pages then take one call, and a page with many frames (ads) asks them once
			if (NOTHING_LAZY.equals(outcome) && anyChildFrameIsLazy(page)) {
				outcome = scroll(page, maxHeight, timeout, true);
			}
			log.debug("Scroll-through of {}: {}", page.url(), outcome);
		}
		catch (PlaywrightException ex) {
			log.debug("Scrolling through the page failed; capturing as it is", ex);
		}
	}

	private static Object scroll(Page page, int maxHeight, Duration timeout, boolean framesLazy) {
		// numbers as Integer: Playwright does not serialise a Long argument
		return page.evaluate(SCROLL_THROUGH,
				List.of(maxHeight, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())),
						(int) IMAGE_WAIT.toMillis(), framesLazy));
	}

	private static boolean anyChildFrameIsLazy(Page page) {
		for (Frame frame : page.frames()) {
			if (frame == page.mainFrame()) {
				continue;
			}
			try {
				if (Boolean.TRUE.equals(frame.evaluate(FRAME_IS_LAZY))) {
					return true;
				}
			}
			catch (PlaywrightException ex) {
				// a frame that went away while asked has nothing to load
				log.debug("Could not ask a frame whether it loads lazily", ex);
			}
		}
		return false;
	}

}
